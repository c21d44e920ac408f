// Knowledge checks (_ext/quiz.py): a reader picks an option, or enters a number, and the
// page shows the feedback written for it. Everything runs in the page, offline.
// (Jupyter Book adds every .js file under _static/ to every page: keep this one file.)
document.addEventListener("DOMContentLoaded", () => {
  const show = (quiz, feedback) => {
    quiz.querySelectorAll(".nn-quiz-feedback").forEach((f) => { f.hidden = f !== feedback; });
  };
  document.querySelectorAll(".nn-quiz[data-kind='choice']").forEach((quiz) => {
    quiz.querySelectorAll(".nn-quiz-option").forEach((option) => {
      const button = option.querySelector(".nn-quiz-choice");
      button.addEventListener("click", () => {
        quiz.querySelectorAll(".nn-quiz-option").forEach((o) => {
          o.classList.remove("nn-quiz-picked");
          o.querySelector(".nn-quiz-choice").setAttribute("aria-pressed", "false");
        });
        option.classList.add("nn-quiz-picked");
        button.setAttribute("aria-pressed", "true");
        show(quiz, option.querySelector(".nn-quiz-feedback"));
      });
    });
  });
  // "0.25", "0,25", ".25" and "1/4" all read as a quarter.
  const parse = (text) => {
    const t = text.trim().replace(",", ".");
    const fraction = t.match(/^(-?[\d.]+)\s*\/\s*([\d.]+)$/);
    if (fraction) return Number(fraction[1]) / Number(fraction[2]);
    return t === "" ? NaN : Number(t);
  };
  document.querySelectorAll(".nn-quiz[data-kind='number']").forEach((quiz) => {
    const form = quiz.querySelector(".nn-quiz-number");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = parse(form.querySelector("input").value);
      const answer = Number(form.dataset.answer);
      const tolerance = Math.max(Number(form.dataset.tolerance), 1e-9 * Math.abs(answer));
      const right = Number.isFinite(value) && Math.abs(value - answer) <= tolerance;
      show(quiz, quiz.querySelector(right ? ".nn-quiz-right" : ".nn-quiz-wrong"));
    });
  });
});
