(function () {
  "use strict";
  var storageKey = __STORAGE_KEY__;
  var worker = navigator.serviceWorker;
  if (!worker) return;
  function stored() {
    try { return JSON.parse(sessionStorage.getItem(storageKey)); } catch (error) { return null; }
  }
  worker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "need-key" && event.ports[0]) event.ports[0].postMessage(stored());
  });
  worker.startMessages();
  if (stored() || !worker.controller) return;
  var channel = new MessageChannel();
  channel.port1.onmessage = function (event) {
    if (event.data) sessionStorage.setItem(storageKey, JSON.stringify(event.data));
  };
  worker.controller.postMessage({ type: "get-key" }, [channel.port2]);
})();
