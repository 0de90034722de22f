// Journey 1, the resident: basket from two shops (search and catalogue), guest checkout,
// common pickup window, pay at pickup, order placed by keyboard, pickup codes.
// Input: { baseUrl, screenshotDir, email, products: [{ title, quantity, find }] }.
import { expect, pressAndLoad, run, tabTo } from './lib.mjs';
import { checkoutAsGuest, choosePayment, fillBasket, thankYou } from './resident.mjs';

run('pay_at_pickup', async ({ page, input, step }) => {
  const basket = await fillBasket(page, step, input.products);
  const pickup = await checkoutAsGuest(page, step, input.email);
  const offered = await choosePayment(page, step, /Bezahlen bei Abholung/);

  step('preview: the order button, by keyboard');
  const button = page.locator('#place_order_form #place-order');
  const buttonText = (await button.textContent()).trim();
  expect(await button.isVisible(), 'the order button is not visible');
  // From the top of the page, Tab alone reaches the button, and Enter places the order.
  const tabs = await tabTo(page, '#place-order');
  await pressAndLoad(page, 'Enter');

  return { basket, pickup, offered, buttonText, tabs, thanks: await thankYou(page, step) };
});
