// The theme scrolls the left sidebar as soon as the current page's link lies below the
// middle of the window, which cuts the top off the logo on later chapters although their
// link would be on screen anyway. Undo that scroll when the link fits in the sidebar
// unscrolled; a sidebar too long for the window keeps the theme's scroll.
// (Jupyter Book adds every .js file under _static/ to every page.)
document.addEventListener("DOMContentLoaded", () => {
  const sidebar = document.querySelector("div.bd-sidebar-primary");
  const active = [...document.querySelectorAll(".bd-docs-nav .active")].pop();
  if (!sidebar || !active || sidebar.scrollTop === 0) return;
  const bottomUnscrolled = active.getBoundingClientRect().bottom - sidebar.getBoundingClientRect().top
    + sidebar.scrollTop;
  if (bottomUnscrolled <= sidebar.clientHeight) sidebar.scrollTop = 0;
});
