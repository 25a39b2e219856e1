import { type Browser, type Locator, type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newContext, settle } from "./helpers";

// Steps of the buying journey that more than one spec walks: the address
// form, paying, and the demo merchant shipping an order.

export function main(page: Page): Locator {
  return page.getByRole("main");
}

/** Chooses a division; without JavaScript the next list comes from the server. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await main(page).getByLabel(label, { exact: true }).selectOption({ label: option });
  if (!jsOn(page)) {
    await main(page).getByRole("button", { name: "Update lists" }).click();
    await settle(page);
  }
}

/** Adds an address in Hangzhou on the checkout page. */
export async function addAddress(page: Page): Promise<void> {
  await main(page).getByLabel("Recipient").fill("王小明");
  await main(page).getByLabel("Phone").fill("138 0013 8000");
  await choose(page, "Province", "浙江省");
  await choose(page, "City", "杭州市");
  await main(page).getByLabel("District", { exact: true }).selectOption({ label: "西湖区" });
  // Without JavaScript the form came back from the server: what was typed is still there.
  await expect(main(page).getByLabel("Recipient")).toHaveValue("王小明");
  await main(page).getByLabel("Address", { exact: true }).fill("文三路 90 号 3 幢 201");
  await main(page).getByRole("button", { name: "Save address" }).click();
  await settle(page);
  await expect(main(page).getByText("浙江省 杭州市 西湖区 文三路 90 号 3 幢 201")).toBeVisible();
}

export async function payWith(page: Page, card: string): Promise<void> {
  await main(page).getByLabel("Card number").fill(card);
  await main(page).getByLabel("Expiry").fill("12/30");
  await main(page).getByLabel("CVC").fill("123");
  await main(page).getByRole("button", { name: /^Pay/ }).click();
}

/** The demo merchant ships `orderId` from the seller portal. */
export async function shipAsMerchant(
  browser: Browser,
  baseURL: string | undefined,
  js: boolean,
  orderId: string,
  tracking: string,
) {
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  try {
    const page = await context.newPage();
    await logInViaUi(page, DEMO.merchant.email, DEMO.merchant.password);
    await gotoReady(page, "/seller/orders");
    const card = main(page).locator("article").filter({ hasText: `Order ${orderId}` });
    await expect(card).toBeVisible();
    await card.getByLabel("Carrier").selectOption({ label: "SF Express" });
    await card.getByLabel("Tracking number").fill(tracking);
    await card.getByRole("button", { name: "Ship" }).click();
    await settle(page);
    await expect(main(page).locator("article").filter({ hasText: `Order ${orderId}` })).toHaveCount(0);
  } finally {
    await context.close();
  }
}
