"""The site's only script of humas: the "copy link" button of a publication page (assets/humas/humas.js).

Kept as a string here rather than as a file beside the package, so every way of installing the package
carries it.
"""

NAME = "humas.js"
SOURCE = """\
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-humas-salin]") : null;
  if (!button) return;
  var address = button.getAttribute("data-humas-salin") || window.location.href;
  var status = button.parentElement && button.parentElement.querySelector(".humas-bagikan__status");
  var done = function () { if (status) status.textContent = button.getAttribute("data-humas-disalin") || ""; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(address).then(done, function () { window.prompt("", address); });
  } else {
    window.prompt("", address);
  }
});
"""
