// Journey 2, the resident pays online (Stripe.js played by tests/browser/stripe_standin.js):
// basket from two shops, guest checkout, "pay online now", then on the preview each card of
// `cards` in turn (all but the last are expected to be refused, shown on the page), and the
// last one pays. With `leaveAfterPaying` the browser never comes back: the form's submission
// after the payment is lost on the way and the page is closed. Whether and how each card was
// confirmed is for the test to ask the Stripe double.
// Input: { baseUrl, screenshotDir, email, products, cards: [number, ...], leaveAfterPaying }.
import { expect, run, tabTo } from './lib.mjs';
import { checkoutAsGuest, choosePayment, fillBasket, thankYou } from './resident.mjs';

run('pay_online', async ({ page, context, input, step }) => {
  const basket = await fillBasket(page, step, input.products);
  const pickup = await checkoutAsGuest(page, step, input.email);
  const offered = await choosePayment(page, step, /Jetzt online bezahlen/);

  step('preview: the payment element');
  const card = page.getByLabel('Kartennummer');
  await card.waitFor();
  const button = page.locator('#place_order_form #place-order');
  const buttonText = (await button.textContent()).trim();
  const errors = page.locator('#payment-errors');

  const refused = [];
  for (const number of input.cards.slice(0, -1)) {
    step(`pay with ${number}: refused`);
    await card.fill(number);
    await button.click();
    await errors.waitFor({ state: 'visible' });
    refused.push((await errors.textContent()).trim());
    expect(new URL(page.url()).pathname === '/checkout/preview/', `a refused card left the preview for ${page.url()}`);
    expect(await button.isEnabled(), 'after a refused card the order button stays disabled');
  }

  // The last card by keyboard: typed into the card field, Tab to the order button, Enter.
  const number = input.cards.at(-1);
  step(`pay with ${number}, by keyboard`);
  await card.fill('');
  await card.focus();
  await page.keyboard.type(number);
  const tabs = await tabTo(page, '#place-order');
  const seen = { basket, pickup, offered, buttonText, refused, tabs };
  if (!input.leaveAfterPaying) {
    await page.keyboard.press('Enter');
    return { ...seen, thanks: await thankYou(page, step) };
  }

  // The way back is lost: the order form's submission after paying never reaches the server.
  let lose;
  const lost = new Promise((resolve) => {
    lose = resolve;
  });
  await page.route('**/checkout/preview/', (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    lose(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.keyboard.press('Enter');
  const lostRequest = await Promise.race([
    lost,
    page.waitForTimeout(30_000).then(() => {
      throw new Error('the order form was not submitted within 30 s of paying');
    }),
  ]);
  step('paid; the browser goes away');
  await context.close();
  return { ...seen, lost: lostRequest };
});
