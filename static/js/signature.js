// Signature pads on the tablet: intake, the customer's approval and the pickup.
// Markup: <div class="signature-box"><canvas data-signature-pad data-field="CSS selector of the hidden input"
//   data-clear="ID of the clear button"></canvas></div>. The form's submit copies the PNG into the field.
//
// The canvas is stretched by CSS to its box, so its bitmap is sized to the box it is shown in (times
// the screen's pixel ratio) and re-sized when the box changes: otherwise the pointer and the ink
// disagree (signature_pad's own resize recipe, README "Handling high DPI screens").
(function () {
  if (!window.SignaturePad) return;

  function fit(canvas, pad) {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var width = canvas.offsetWidth, height = canvas.offsetHeight;
    if (!width || !height) return;  // hidden (a closed <details>): sized when it is shown
    if (canvas.width === Math.round(width * ratio) && canvas.height === Math.round(height * ratio)) return;
    var strokes = pad.toData();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();  // clear() repaints the white background at the new size
    // Strokes are kept in CSS pixels; after a resize they are drawn again where they were.
    if (strokes.length) pad.fromData(strokes);
  }

  document.querySelectorAll("canvas[data-signature-pad]").forEach(function (canvas) {
    var pad = new SignaturePad(canvas, {backgroundColor: "rgb(255,255,255)", penColor: "rgb(0,0,0)"});
    canvas.signaturePad = pad;
    fit(canvas, pad);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { fit(canvas, pad); }).observe(canvas);
    } else {
      window.addEventListener("resize", function () { fit(canvas, pad); });
    }
    var clear = document.getElementById(canvas.dataset.clear);
    if (clear) clear.addEventListener("click", function () { pad.clear(); });
    var field = document.querySelector(canvas.dataset.field);
    if (field && field.form) {
      field.form.addEventListener("submit", function () {
        field.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
      }, true);
    }
  });
})();
