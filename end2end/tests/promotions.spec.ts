import { type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main } from "./buying";

// Promotions, on a phone and a desktop, with JavaScript on and off: the
// demo merchant creates a tiered 满减 and a shop coupon; a new shopper
// claims the coupon on a product page, finds it in My coupons, and checks
// out with the 满减 and the coupon each on its own line and the total
// adding up.

const yuan = (text: string | null) => Number((text ?? "").replace(/[^0-9.-]/g, ""));

function inAMonth(): string {
  const d = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

async function createAsMerchant(page: Page, coupon: string, offer: string) {
  await logInViaUi(page, DEMO.merchant.email, DEMO.merchant.password);
  await gotoReady(page, "/seller/promotions");
  await expect(page.getByRole("heading", { name: "Promotions", level: 1 })).toBeVisible();

  const offerForm = main(page).locator("details").filter({ hasText: "New spend-and-save offer" });
  await offerForm.locator("summary").click();
  await offerForm.getByLabel("Name").fill(offer);
  await offerForm.getByLabel("Tiers").fill("10-1, 20-2");
  await offerForm.getByLabel("Ends (China time)").fill(inAMonth());
  await offerForm.getByRole("button", { name: "Create" }).click();
  await settle(page);
  await expect(main(page).getByRole("cell", { name: offer })).toBeVisible();

  const couponForm = main(page).locator("details").filter({ hasText: "New coupon" });
  if (!(await couponForm.getAttribute("open"))) await couponForm.locator("summary").click();
  await couponForm.getByLabel("Name").fill(coupon);
  await couponForm.getByLabel("Kind").selectOption({ label: "Amount off" });
  await couponForm.getByLabel("Value (yuan, or percent off)").fill("3");
  await couponForm.getByLabel("Minimum spend (yuan)").fill("5");
  await couponForm.getByLabel("Ends (China time)").fill(inAMonth());
  await couponForm.getByLabel("Quantity").fill("50");
  await couponForm.getByRole("button", { name: "Create" }).click();
  await settle(page);
  await expect(main(page).getByRole("cell", { name: new RegExp(coupon) })).toBeVisible();
}

test("a merchant's tiered 满减 and coupon: claimed by a shopper and both taken off at checkout", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  const stamp = `${Date.now() % 1_000_000}${js ? "j" : "n"}`;
  const coupon = `E2E coupon ${stamp}`;
  const offer = `E2E tiers ${stamp}`;
  const merchant = await newContext(browser, { baseURL, javaScriptEnabled: js });
  try {
    await createAsMerchant(await merchant.newPage(), coupon, offer);
  } finally {
    await merchant.close();
  }

  // A new shopper finds the coupon on one of the shop's product pages.
  await registerViaUi(page, newUser());
  await gotoReady(page, "/s/harbor-digital");
  const hrefs = await main(page)
    .locator('a[href^="/p/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))].filter((h) => /^\/p\/\d+$/.test(h)));
  let href = "";
  for (const candidate of hrefs) {
    await gotoReady(page, candidate);
    if (await main(page).getByRole("button", { name: "Add to cart" }).isEnabled()) {
      href = candidate;
      break;
    }
  }
  expect(href).not.toBe("");
  const strip = main(page).getByRole("region", { name: "Promotions" });
  await expect(strip.getByText(offer)).toBeVisible();
  const card = strip.getByRole("listitem").filter({ hasText: coupon });
  await card.getByRole("button", { name: "Claim" }).click();
  await settle(page);
  if (jsOn(page)) await expect(card.getByText("Claimed")).toBeVisible();
  await gotoReady(page, "/coupons/mine");
  await expect(main(page).getByRole("listitem").filter({ hasText: coupon }).getByText("Usable")).toBeVisible();

  // Checkout: the 满减 and the coupon each on their own line.
  await gotoReady(page, href);
  await main(page).getByRole("button", { name: "Add to cart" }).click();
  if (jsOn(page)) {
    await expect(main(page).getByText("Added to cart.")).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/cart$/);
  }
  await gotoReady(page, "/checkout");
  await addAddress(page);
  const shop = main(page).locator(".checkout-shop").first();
  await expect(shop.getByText(`Shop coupon: ${coupon}`)).toBeVisible();
  await expect(shop.getByText(/Shop discount:/)).toBeVisible();
  const items = yuan(await shop.locator("dt", { hasText: /^Items$/ }).locator("xpath=../dd").textContent());
  const shipping = (await shop.locator("dt", { hasText: /^Shipping$/ }).locator("xpath=../dd").textContent()) ?? "";
  const discounts = await shop.locator(".money-rows__discount dd").allTextContents();
  const total = yuan(await shop.locator(".money-rows__total dd").textContent());
  const off = discounts.map(yuan).reduce((a, b) => a + b, 0);
  expect(off).toBeLessThan(0);
  const fee = /\d/.test(shipping) ? yuan(shipping) : 0;
  expect(Math.round((items + fee + off) * 100)).toBe(Math.round(total * 100));

  await main(page).getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/pay\/\d+$/);
  // Used: the wallet says so.
  await gotoReady(page, "/coupons/mine");
  await expect(main(page).getByRole("listitem").filter({ hasText: coupon }).getByText("Used")).toBeVisible();
});
