import { type Browser, type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main } from "./buying";

// A flash sale, on a phone and a desktop, with JavaScript on and off: the
// operator sets a slot starting in half a minute, the demo merchant applies
// a SKU at a flash price, the operator approves it; a shopper sees
// "Flash sale" with the price and a countdown to the start, waits for it to
// open, and buys at the flash price.

/** A `datetime-local` value in China time, to the second. */
function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
}

async function asStaff(browser: Browser, baseURL: string | undefined, js: boolean, who: { email: string; password: string }, work: (page: Page) => Promise<void>) {
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  try {
    const page = await context.newPage();
    await logInViaUi(page, who.email, who.password);
    await work(page);
  } finally {
    await context.close();
  }
}

test("a flash sale counts down, opens, and a shopper buys at the flash price", async ({ page, browser, baseURL, js }) => {
  test.setTimeout(240_000);
  const slotTitle = `E2E slot ${Date.now() % 1_000_000}${js ? "j" : "n"}`;
  // On a whole minute at least 45 s away (a form may send the minute only).
  const opensAt = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;

  await asStaff(browser, baseURL, js, DEMO.operator, async (op) => {
    await gotoReady(op, "/admin/promotions/flash");
    const form = main(op).locator("details").filter({ hasText: "New time slot" });
    await form.locator("summary").click();
    await form.getByLabel("Name").fill(slotTitle);
    await form.getByLabel("Starts (China time)").fill(chinaTime(opensAt));
    await form.getByLabel("Ends (China time)").fill(chinaTime(opensAt + 3_600_000));
    await form.getByRole("button", { name: "Create" }).click();
    await settle(op);
    await expect(main(op).getByText(slotTitle)).toBeVisible();
  });

  // The merchant applies one of the shop's SKUs with stock, at ¥0.01.
  let productHref = "";
  await asStaff(browser, baseURL, js, DEMO.merchant, async (m) => {
    await gotoReady(m, "/seller/promotions/flash");
    // One SKU per product, and each project its own products (a product
    // page shows one flash sale; stock is shared).
    const options = await main(m)
      .getByLabel("Product and option")
      .locator("option")
      .evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => [o.value, o.text.split(" — ")[0]]));
    const seen = new Set<string>();
    const skus: string[] = [];
    for (const [value, title] of options) {
      if (!seen.has(title)) {
        seen.add(title);
        skus.push(value);
      }
    }
    const slot = await main(m)
      .getByLabel("Time slot")
      .locator("option")
      .evaluateAll((os, title) => (os as HTMLOptionElement[]).find((o) => o.text.includes(title))?.value ?? "", slotTitle);
    expect(slot).not.toBe("");
    const offset = ["phone", "desktop", "phone-nojs", "desktop-nojs"].indexOf(test.info().project.name) * 5;
    for (const sku of skus.slice(offset + 1, offset + 6)) {
      await main(m).getByLabel("Time slot").selectOption(slot);
      await main(m).getByLabel("Product and option").selectOption(sku);
      await main(m).getByLabel("Flash price (yuan)").fill("0.01");
      await main(m).getByLabel("Quantity").fill("1");
      await main(m).getByRole("button", { name: "Apply" }).click();
      await settle(m);
      // Wait for the list to show the application (it reloads after the
      // answer); a refused one (too little stock) never shows: next SKU.
      const row = main(m).getByRole("row").filter({ hasText: slotTitle });
      const shown = await row
        .first()
        .waitFor({ state: "visible", timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) {
        productHref = (await row.first().getByRole("link").first().getAttribute("href")) ?? "";
        break;
      }
    }
    expect(productHref).toMatch(/^\/p\/\d+$/);
  });

  await asStaff(browser, baseURL, js, DEMO.operator, async (op) => {
    await gotoReady(op, "/admin/promotions/flash");
    const item = main(op).getByRole("listitem").filter({ hasText: slotTitle });
    await item.getByRole("button", { name: "Approve" }).click();
    await settle(op);
    await expect(main(op).getByRole("row").filter({ hasText: slotTitle })).toBeVisible();
  });

  // A shopper with an address sees the sale before it opens.
  await registerViaUi(page, newUser());
  await gotoReady(page, productHref);
  await main(page).getByRole("button", { name: "Add to cart" }).click();
  await settle(page);
  await gotoReady(page, "/checkout");
  await addAddress(page);
  await gotoReady(page, productHref);
  const flash = main(page).getByRole("region", { name: /Flash sale/ });
  await expect(flash).toBeVisible();
  await expect(flash.locator(".flash__price").getByText("¥0.01")).toBeVisible();
  await expect(flash.getByRole("timer")).toContainText("Starts in");
  const buy = flash.getByRole("button", { name: /Buy now/ });
  if (jsOn(page)) {
    await expect(buy).toBeDisabled();
    // The countdown runs and the button opens by itself.
    await expect(flash.getByRole("timer")).toContainText("Ends in", { timeout: 120_000 });
    await expect(buy).toBeEnabled();
  } else {
    await page.waitForTimeout(Math.max(0, opensAt - Date.now()) + 1_500);
    await gotoReady(page, productHref);
    await expect(flash.getByRole("timer")).toContainText("Ends in");
  }
  await buy.click();
  await expect(page).toHaveURL(/\/pay\/\d+$/);
  // The order's line is at the flash price.
  await gotoReady(page, "/orders");
  await main(page).locator("article").first().getByRole("link", { name: /^Order \d+$/ }).click();
  await settle(page);
  await expect(main(page).getByText("¥0.01").first()).toBeVisible();
});
