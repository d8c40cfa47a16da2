// Live total on the ballot: a convenience only; the server checks every ballot again.
(function () {
  "use strict";
  var form = document.querySelector("form.ballot");
  var output = document.getElementById("ballot-total");
  if (!form || !output) { return; }
  var kind = form.dataset.ballotForm;
  var budget = parseFloat(form.dataset.budget) || 0;
  var maxChoices = parseInt(form.dataset.maxChoices, 10) || 0;
  var points = parseInt(form.dataset.points, 10) || 0;
  var euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

  function update() {
    var text = "";
    var over = false;
    if (kind === "approval" || kind === "knapsack") {
      var boxes = form.querySelectorAll("input[name=initiative]:checked");
      var cost = 0;
      boxes.forEach(function (box) { cost += parseFloat(box.dataset.cost) || 0; });
      if (kind === "approval") {
        text = "U koos " + boxes.length + (maxChoices ? " van maximaal " + maxChoices : "") + " plannen.";
        over = maxChoices && boxes.length > maxChoices;
      } else {
        text = "Gekozen: " + euro.format(cost) + " van " + euro.format(budget) + ".";
        over = cost > budget;
        if (over) { text += " Dat is " + euro.format(cost - budget) + " te veel."; }
      }
    } else {
      var sum = 0;
      form.querySelectorAll("input.ballot-amount").forEach(function (input) {
        sum += parseInt(input.value, 10) || 0;
      });
      if (kind === "points") {
        text = "Verdeeld: " + sum + " van " + points + " punten.";
        over = sum > points;
      } else {
        text = "Verdeeld: " + euro.format(sum) + " van " + euro.format(budget) + ".";
        over = sum !== budget;
      }
    }
    output.textContent = text;
    output.classList.toggle("ballot-total--over", Boolean(over));
  }

  output.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}());
