(function () {
  "use strict";
  var container = navigator.serviceWorker;
  if (!container || !container.controller) return;
  var ASK_MS = 5000;
  var KEEP_ALIVE_MS = 20000;  // browsers stop a worker idle for 30 s, and its keys with it

  function ask(message) {
    var worker = container.controller;
    if (!worker) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () { resolve(null); }, ASK_MS);
      channel.port1.onmessage = function (event) { clearTimeout(timer); resolve(event.data || null); };
      worker.postMessage(message, [channel.port2]);
    });
  }
  function showLocked() { location.reload(); }
  function check() {
    ask({ type: "status" }).then(function (state) { if (state && state.unlocked === false) showLocked(); });
  }
  container.addEventListener("message", function (event) {
    var data = event.data || {};
    if (event.source === container.controller && data.type === "locked") showLocked();
  });
  container.startMessages();
  setInterval(check, KEEP_ALIVE_MS);
  addEventListener("pageshow", function (event) { if (event.persisted) check(); });
  addEventListener("pagehide", function () {
    if (container.controller) container.controller.postMessage({ type: "bye" });
  });

  function addLockButton() {
    if (document.getElementById("site-lock")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.id = "site-lock";
    button.textContent = "Lock";
    button.title = "Lock the site: this browser forgets its key until the password is typed again";
    button.style.cssText = "font:inherit;font-size:.7rem;line-height:1.2;color:inherit;background:transparent;"
      + "border:1px solid currentColor;border-radius:.2rem;padding:.2rem .5rem;margin:0 .4rem;cursor:pointer;"
      + "align-self:center;flex-shrink:0;";
    button.addEventListener("click", function () {
      button.disabled = true;
      ask({ type: "lock" }).then(showLocked);
    });
    var header = document.querySelector(".md-header__inner");
    if (!header) {
      button.style.cssText += "position:fixed;top:.5rem;right:.5rem;z-index:10;background:Canvas;color:CanvasText;";
    }
    (header || document.body).appendChild(button);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addLockButton);
  else addLockButton();
})();
