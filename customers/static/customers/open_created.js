// The customers list: a file made in the quick-create dialog opens at once.
document.addEventListener("customer:created", function (e) { window.location = e.detail.url; });
