// The import runs in the background (a Celery task): the bar asks for the progress every second.
(function () {
  var bar = document.getElementById("import-progress");
  if (!bar || !bar.dataset.progressUrl) return;
  function poll() {
    fetch(bar.dataset.progressUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        bar.style.width = d.percent + "%"; bar.textContent = d.percent + "%";
        bar.parentNode.setAttribute("aria-valuenow", d.percent);
        if (d.done) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 500);
})();
