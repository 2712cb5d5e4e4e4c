// Counter shortcuts: "/" or F2 focuses the search box (a barcode scanner then types and presses Enter).
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("global-search");
  if (!box) return;
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if ((event.key === "/" && !typing) || event.key === "F2") {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
// A form is sent once: the second click of a double click does nothing.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  setTimeout(function () { form.dataset.submitted = ""; }, 5000);
}, true);
