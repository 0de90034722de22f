// The resident's steps up to the payment method, and the thank-you page: shared by the
// journeys that pay at pickup and online. German pages, found by their labels and roles.
import { clickAndLoad, expect } from './lib.mjs';

// Home page, then each product found the way `find` says ("search": the search form in the
// header; "catalogue": the products page), opened and put in the basket with its quantity.
export async function fillBasket(page, step, products) {
  step('home page');
  await page.goto('/');
  // The first Tab reaches the skip link, which jumps over the navigation.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement?.textContent?.trim());
  expect(skip === 'Zum Hauptinhalt springen', `the first Tab focused ${JSON.stringify(skip)}`);

  for (const { title, quantity, find } of products) {
    if (find === 'search') {
      step(`search for ${title}`);
      await page.getByRole('searchbox', { name: 'Produkte suchen' }).fill(title);
      await page.getByRole('searchbox', { name: 'Produkte suchen' }).press('Enter');
      await page.waitForURL((url) => url.pathname === '/search/');
    } else {
      step(`catalogue, looking for ${title}`);
      await clickAndLoad(page, nav(page).getByRole('link', { name: 'Produkte', exact: true }));
    }
    await clickAndLoad(page, page.locator('.product-card').getByRole('link', { name: title, exact: true }));
    step(`add ${quantity} × ${title}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const form = page.locator('#add_to_basket_form');
    await form.getByLabel('Menge').fill(String(quantity));
    await clickAndLoad(page, form.getByRole('button', { name: 'In den Warenkorb' }));
  }

  step('basket');
  const basketLink = nav(page).getByRole('link', { name: /^Warenkorb/ });
  const count = (await basketLink.textContent()).replace(/\s+/g, ' ').trim();
  await clickAndLoad(page, basketLink);
  expect(new URL(page.url()).pathname === '/basket/', `the basket link led to ${page.url()}`);
  const shops = await page.locator('section.basket-shop h2').allTextContents();
  return { count, shops: shops.map((name) => name.trim()) };
}

function nav(page) {
  return page.getByRole('navigation', { name: 'Hauptnavigation' });
}

// From the basket: checkout as a guest with an e-mail address, pickup times as pre-selected
// (the common window first). Ends on the payment method page; returns what the pickup step said.
export async function checkoutAsGuest(page, step, email) {
  step('to the checkout');
  await clickAndLoad(page, page.getByRole('link', { name: 'Zur Kasse', exact: true }));
  await page.getByLabel('Meine E-Mail-Adresse ist').fill(email);
  await page.getByLabel('Ich bin ein Neukunde und möchte als Gast bestellen').check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Weiter', exact: true }));

  step('pickup times');
  await page.waitForURL((url) => url.pathname === '/checkout/pickup/');
  const together = page.locator('section.pickup-together');
  const pickup = {
    together: (await together.getByRole('heading').textContent()).trim(),
    shops: [],
  };
  for (const fieldset of await page.locator('fieldset.pickup-shop').all()) {
    const legend = (await fieldset.locator('legend').first().textContent()).trim();
    const chosen = fieldset.locator('input[type=radio]:checked');
    expect((await chosen.count()) === 1, `${legend}: no pickup time is pre-selected`);
    const label = await page.locator(`label[for="${await chosen.getAttribute('id')}"]`).textContent();
    pickup.shops.push({ legend, chosen: label.replace(/\s+/g, ' ').trim() });
  }
  await clickAndLoad(page, page.getByRole('button', { name: 'Weiter', exact: true }));
  await page.waitForURL((url) => url.pathname === '/checkout/payment-method/');
  return pickup;
}

// The payment method by (part of) its label, then on to the preview.
export async function choosePayment(page, step, label) {
  step(`payment method: ${label}`);
  const offered = await page.getByRole('radio').evaluateAll((radios) =>
    radios.map((radio) => radio.labels[0]?.textContent.trim()),
  );
  await page.getByRole('radio', { name: label }).check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Weiter zur Bestellübersicht' }));
  await page.waitForURL((url) => url.pathname === '/checkout/preview/');
  return offered;
}

// The thank-you page: per shop its name, pickup window and pickup code.
export async function thankYou(page, step) {
  step('thank-you page');
  await page.waitForURL((url) => url.pathname === '/checkout/thank-you/');
  const parts = [];
  for (const section of await page.locator('section.order-part').all()) {
    parts.push({
      shop: (await section.getByRole('heading').textContent()).trim(),
      window: (await section.locator('.order-part__window').textContent()).replace(/\s+/g, ' ').trim(),
      code: (await section.locator('.pickup-code__value').textContent()).trim(),
    });
  }
  return {
    heading: (await page.getByRole('heading', { level: 1 }).textContent()).trim(),
    parts,
  };
}
