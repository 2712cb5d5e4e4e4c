// A "Print" button on a printable page (no inline handlers: the Content-Security-Policy forbids them).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print-page]")) window.print();
});
