import { type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newUser, settle, submitRegistration, test } from "./helpers";
import { addAddress, main, payWith, shipAsMerchant } from "./buying";

// The buying journey, end to end, on a phone and a desktop, with JavaScript
// on and off: a guest fills a cart, registers on the way to checkout (the
// cart comes along), adds an address, places the order, meets a declined
// card, pays with the good one; the shop ships it; the shopper sees the
// tracking number and confirms receipt.

/** A product of the demo merchant's shop that can be added to the cart. */
async function addFromDemoShop(page: Page): Promise<string> {
  await gotoReady(page, "/s/harbor-digital");
  const hrefs = await main(page)
    .locator('a[href^="/p/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))].filter((h) => /^\/p\/\d+$/.test(h)));
  for (const href of hrefs) {
    await gotoReady(page, href);
    const add = main(page).getByRole("button", { name: "Add to cart" });
    if (await add.isDisabled()) continue;
    const title = (await main(page).getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
    await add.click();
    if (jsOn(page)) {
      await expect(main(page).getByText("Added to cart.")).toBeVisible();
    } else {
      await expect(page).toHaveURL(/\/cart$/);
    }
    return title;
  }
  throw new Error("no product of the demo shop can be added");
}

test("a guest buys: cart kept through registration, new address, declined then paid, shipped, received", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  const title = await addFromDemoShop(page);

  // Checkout asks a guest to log in; registering from there comes back with the cart.
  await gotoReady(page, "/cart");
  await main(page).getByRole("link", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcheckout/);
  await settle(page);
  await main(page).getByRole("link", { name: "Register" }).click();
  await settle(page);
  const user = newUser();
  await submitRegistration(page, user);
  await expect(page).toHaveURL(/\/checkout$/);
  await settle(page);
  await expect(page.getByRole("heading", { name: "Checkout", level: 1 })).toBeVisible();
  await expect(main(page).getByRole("link", { name: title })).toBeVisible();

  await addAddress(page);
  await main(page).getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/pay\/\d+$/);
  await settle(page);

  // The declined card says so, and the order stays payable.
  await payWith(page, "4000 0000 0000 0002");
  await expect(main(page).getByText("Your card was declined")).toBeVisible();
  const payUrl = new URL(page.url()).pathname;
  await gotoReady(page, "/orders");
  const first = main(page).locator("article").first();
  await expect(first.getByText("Pending payment")).toBeVisible();
  const orderLink = first.getByRole("link", { name: /^Order \d+$/ });
  const orderId = ((await orderLink.textContent()) ?? "").replace(/\D/g, "");

  await gotoReady(page, payUrl);
  await payWith(page, "4242 4242 4242 4242");
  await expect(main(page).getByRole("heading", { name: "Payment successful" })).toBeVisible();
  await gotoReady(page, `/orders/${orderId}`);
  await expect(main(page).locator(".order-head").getByText("Paid", { exact: true })).toBeVisible();

  const tracking = `SF${Date.now()}`.slice(0, 16);
  await shipAsMerchant(browser, baseURL, js, orderId, tracking);

  await gotoReady(page, `/orders/${orderId}`);
  await expect(main(page).locator(".order-head").getByText("Shipped", { exact: true })).toBeVisible();
  await expect(main(page).locator(".order-shipment").getByText(tracking)).toBeVisible();
  await main(page).getByRole("button", { name: "Confirm receipt" }).click();
  await settle(page);
  await expect(main(page).locator(".order-head").getByText("Completed", { exact: true })).toBeVisible();
  await expect(main(page).getByRole("button", { name: "Cancel order" })).toHaveCount(0);
});

test("the demo shopper finds orders in every status, with their options", async ({ page }) => {
  await logInViaUi(page, DEMO.shopper.email, DEMO.shopper.password);
  await gotoReady(page, "/orders");
  for (const status of ["Pending payment", "Paid", "Shipped", "Delivered", "Completed", "Cancelled", "Refunded"]) {
    await expect(main(page).locator("article .badge").getByText(status, { exact: true }).first()).toBeVisible();
  }
  await expect(main(page).locator(".order-line__options").first()).toContainText(":");
});

test("the checkout, payment and order pages fit a phone and hydrate without console errors", async ({ page, js }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/favicon/i.test(msg.text())) errors.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  await logInViaUi(page, DEMO.shopper.email, DEMO.shopper.password);
  await gotoReady(page, "/orders?status=pending_payment");
  const pending = main(page).locator("article").first();
  const orderHref = (await pending.getByRole("link", { name: /^Order \d+$/ }).getAttribute("href")) ?? "";
  const payHref = (await pending.getByRole("link", { name: "Pay now" }).getAttribute("href")) ?? "";
  expect(orderHref).toMatch(/^\/orders\/\d+$/);
  expect(payHref).toMatch(/^\/pay\/\d+$/);
  for (const path of ["/checkout", "/orders", orderHref, payHref, "/cart"]) {
    await gotoReady(page, path);
    if (js) await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  expect(errors, errors.join("\n")).toEqual([]);
});
