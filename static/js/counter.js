/*
 * The shop's counter: scan the resident's QR code with the device camera.
 *
 * Progressive enhancement: the page works with the typed code alone. Where the browser has the
 * BarcodeDetector API with QR support and a camera, a "scan" button appears; a code read from
 * the camera is put into the same form field and the form is submitted, so the server does
 * exactly what it does for a typed code. No library, no request to anywhere else.
 */
(function () {
    "use strict";

    var form = document.querySelector("[data-counter-form]");
    var scanButton = document.querySelector("[data-counter-scan]");
    var camera = document.querySelector("[data-counter-camera]");
    if (!form || !scanButton || !camera) {
        return;
    }
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        return;
    }

    var video = camera.querySelector("[data-counter-video]");
    var stopButton = camera.querySelector("[data-counter-stop]");
    var input = form.querySelector("input[name=code]");
    var stream = null;
    var timer = null;
    var detector = null;

    function stop() {
        if (timer) {
            window.clearTimeout(timer);
            timer = null;
        }
        if (stream) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            stream = null;
        }
        video.srcObject = null;
        camera.hidden = true;
        scanButton.hidden = false;
        scanButton.focus();
    }

    function looksLikeCode(text) {
        var cleaned = (text || "").toUpperCase().replace(/[^0-9A-Z]/g, "");
        return cleaned.length === 8;
    }

    function scan() {
        detector.detect(video).then(function (codes) {
            var hit = codes.map(function (code) { return code.rawValue; }).filter(looksLikeCode)[0];
            if (hit) {
                input.value = hit.trim();
                stop();
                form.submit();
                return;
            }
            timer = window.setTimeout(scan, 250);
        }).catch(function () {
            timer = window.setTimeout(scan, 500);
        });
    }

    function start() {
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
            .then(function (mediaStream) {
                stream = mediaStream;
                video.srcObject = mediaStream;
                camera.hidden = false;
                scanButton.hidden = true;
                return video.play();
            })
            .then(scan)
            .catch(function () {
                stop();
                input.focus();
            });
    }

    var formats = window.BarcodeDetector.getSupportedFormats
        ? window.BarcodeDetector.getSupportedFormats()
        : Promise.resolve(["qr_code"]);
    formats.then(function (supported) {
        if (supported.indexOf("qr_code") === -1) {
            return;
        }
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        scanButton.hidden = false;
        scanButton.addEventListener("click", start);
        stopButton.addEventListener("click", stop);
        window.addEventListener("pagehide", stop);
    }).catch(function () { /* no scanning: the typed code still works */ });
}());
