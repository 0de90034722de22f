// A stand-in for Stripe.js v3 in the browser tests, served by the Stripe test double
// (tests/payments/fault_double.py, GET /js/v3/) because the real one cannot load here.
//
// Only what our checkout page uses (static/js/checkout-payment.js):
//   var stripe = Stripe(publishableKey);
//   var elements = stripe.elements({ clientSecret, locale });
//   var payment = elements.create('payment');   // a labelled card-number field
//   payment.mount('#payment-element');           // or an element
//   payment.on('ready' | 'change', callback);
//   stripe.confirmPayment({ elements, confirmParams: { return_url }, redirect: 'if_required' })
//     -> Promise of { paymentIntent: { id, status } } or { error: { type, code, message } };
//   with redirect: 'always' the browser goes to return_url + ?payment_intent=…
//     &payment_intent_client_secret=…&redirect_status=… (the promise never settles).
//
// Like Stripe.js it confirms the intent from the browser, straight with the API (the double,
// the origin this script came from), with the publishable key and the intent's client secret:
// POST /v1/payment_intents/<id>/confirm. The card number decides there (4000000000000002 is
// declined). Anything else of Stripe.js is deliberately missing, so a page that needs more
// fails loudly here instead of passing by accident.
(function () {
  'use strict';

  var API = new URL(document.currentScript.src).origin;
  var LABELS = {
    de: { card: 'Kartennummer', incomplete: 'Ihre Kartennummer ist unvollständig.' },
    en: { card: 'Card number', incomplete: 'Your card number is incomplete.' },
  };

  function integrationError(message) {
    var error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  }

  function labelsFor(locale) {
    var language = String(locale || 'en').slice(0, 2).toLowerCase();
    return LABELS[language] || LABELS.en;
  }

  function PaymentElement(elements) {
    this._elements = elements;
    this._handlers = { ready: [], change: [] };
    this._input = null;
  }

  PaymentElement.prototype.on = function (event, handler) {
    if (!this._handlers[event]) {
      throw integrationError('The stand-in of Stripe.js has no "' + event + '" event.');
    }
    this._handlers[event].push(handler);
    return this;
  };

  PaymentElement.prototype._emit = function (event, payload) {
    this._handlers[event].forEach(function (handler) {
      handler(payload);
    });
  };

  PaymentElement.prototype.mount = function (target) {
    var container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container || !container.appendChild) {
      throw integrationError('mount(): no element found for ' + String(target));
    }
    var labels = labelsFor(this._elements._options.locale);
    var wrapper = document.createElement('div');
    wrapper.className = 'standin-payment-element';
    var label = document.createElement('label');
    label.htmlFor = 'standin-card-number';
    label.textContent = labels.card;
    var input = document.createElement('input');
    input.id = 'standin-card-number';
    input.name = 'cardnumber';
    input.type = 'text';
    input.inputMode = 'numeric';
    input.autocomplete = 'cc-number';
    input.className = 'form-control';
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    container.appendChild(wrapper);
    this._input = input;

    var element = this;
    input.addEventListener('input', function () {
      var digits = element._number();
      element._emit('change', {
        elementType: 'payment',
        empty: digits === '',
        complete: digits.length >= 12,
        value: { type: 'card' },
      });
    });
    setTimeout(function () {
      element._emit('ready', { elementType: 'payment' });
    }, 0);
    return this;
  };

  PaymentElement.prototype._number = function () {
    return this._input ? this._input.value.replace(/\s+/g, '') : '';
  };

  function Elements(stripe, options) {
    if (!options || typeof options.clientSecret !== 'string' || options.clientSecret.indexOf('_secret_') < 0) {
      throw integrationError('elements(): a PaymentIntent client secret is required.');
    }
    this._stripe = stripe;
    this._options = options;
    this._payment = null;
  }

  Elements.prototype.create = function (type) {
    if (type !== 'payment') {
      throw integrationError('The stand-in of Stripe.js only has the "payment" element.');
    }
    this._payment = new PaymentElement(this);
    return this._payment;
  };

  function formBody(fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      body.append(name, fields[name]);
    });
    return body;
  }

  function confirmPayment(stripe, options) {
    options = options || {};
    var elements = options.elements;
    var returnUrl = (options.confirmParams || {}).return_url;
    var redirect = options.redirect || 'always';
    if (!(elements instanceof Elements) || elements._stripe !== stripe) {
      return Promise.reject(integrationError('confirmPayment(): the elements of this Stripe object are required.'));
    }
    if (!elements._payment || !elements._payment._input) {
      return Promise.reject(integrationError('confirmPayment(): the payment element is not mounted.'));
    }
    if (redirect === 'always' && !returnUrl) {
      return Promise.reject(integrationError('confirmPayment(): confirmParams.return_url is required.'));
    }
    var number = elements._payment._number();
    if (number.length < 12) {
      var labels = labelsFor(elements._options.locale);
      return Promise.resolve({ error: { type: 'validation_error', code: 'incomplete_number', message: labels.incomplete } });
    }
    var clientSecret = elements._options.clientSecret;
    var intentId = clientSecret.split('_secret_')[0];
    var fields = {
      key: stripe._key,
      client_secret: clientSecret,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': number,
    };
    if (returnUrl) {
      fields.return_url = returnUrl;
    }
    return fetch(API + '/v1/payment_intents/' + encodeURIComponent(intentId) + '/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody(fields),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.error) {
          return { error: answer.error };
        }
        if (redirect === 'always') {
          var target = new URL(returnUrl, window.location.href);
          target.searchParams.set('payment_intent', answer.id);
          target.searchParams.set('payment_intent_client_secret', clientSecret);
          target.searchParams.set('redirect_status', answer.status === 'succeeded' ? 'succeeded' : 'failed');
          window.location.assign(target.toString());
          return new Promise(function () {}); // the page is leaving
        }
        return { paymentIntent: { id: answer.id, object: 'payment_intent', status: answer.status } };
      })
      .catch(function () {
        return { error: { type: 'api_connection_error', message: 'The payment service could not be reached.' } };
      });
  }

  window.Stripe = function Stripe(publishableKey) {
    if (typeof publishableKey !== 'string' || publishableKey.indexOf('pk_') !== 0) {
      throw integrationError('Stripe(): a publishable key (pk_…) is required.');
    }
    var stripe = { _key: publishableKey };
    stripe.elements = function (options) {
      return new Elements(stripe, options);
    };
    stripe.confirmPayment = function (options) {
      return confirmPayment(stripe, options);
    };
    return stripe;
  };
})();
