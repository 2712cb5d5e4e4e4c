// One click at the counter: load the PDF into a hidden frame and open the browser's print
// dialog. Where the browser cannot print a framed PDF, the link simply opens it in a new tab.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-print-pdf]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var old = document.getElementById("print-pdf-frame");
    if (old) old.remove();
    var frame = document.createElement("iframe");
    frame.id = "print-pdf-frame";
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0";
    frame.src = link.href;
    frame.addEventListener("load", function () {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch (e) {
        window.open(link.href, "_blank", "noopener");
      }
    });
    document.body.appendChild(frame);
  });
})();
