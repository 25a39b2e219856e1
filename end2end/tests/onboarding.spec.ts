import { type Browser, type Locator, type Page } from "@playwright/test";
import { DEMO, createUser, expect, gotoReady, logInViaUi, logOut, newContext, settle, test } from "./helpers";

// Merchant onboarding, end to end, on a phone and a desktop, with
// JavaScript on and off: a new user applies (saving a draft and resuming it
// after logging out and in again), meets the message for an invalid credit
// code with nothing lost, submits; the operator asks for one field to be
// changed; the user changes it and submits again; the operator approves, and
// the new owner reaches the seller portal.

function main(page: Page): Locator {
  return page.getByRole("main");
}

// A unified social credit code with a random body and its right check
// character (GB 32100-2015), so every run applies with codes of its own.
const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(): string {
  let body = "91";
  for (let i = 0; i < 15; i++) body += CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)];
  const sum = [...body].reduce((s, ch, i) => s + CODE_CHARS.indexOf(ch) * CODE_WEIGHTS[i], 0);
  return body + CODE_CHARS[(31 - (sum % 31)) % 31];
}

function digits(n: number): string {
  let out = "6";
  while (out.length < n) out += Math.floor(Math.random() * 10).toString();
  return out;
}

/** A real 8×8 PNG: what a person's logo or licence scan is, to the server. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4IaeBFTEMLQkAiE5DgcTIHLQAAAAASUVORK5CYII=", "base64");

/** Chooses a variant value as a person does: by clicking its label. */
async function pick(page: Page, group: string, value: string): Promise<void> {
  const radio = main(page).getByRole("radiogroup", { name: group }).getByRole("radio", { name: value });
  const id = await radio.getAttribute("id");
  if (id) await page.locator(`label[for="${id}"]`).first().click();
  else await radio.check();
  await expect(radio).toBeChecked();
}

/** Presses a wizard button and waits for the page it leads to (a plain
 * form post, or the script's background post and its navigation). */
async function press(page: Page, name: string): Promise<void> {
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await main(page).getByRole("button", { name, exact: true }).click();
  await navigated;
  await page.waitForLoadState("load");
  await settle(page);
}

/** The operator, in a context of their own, on one application. */
async function asOperator(browser: Browser, baseURL: string | undefined, js: boolean, shopName: string) {
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  const page = await context.newPage();
  await logInViaUi(page, DEMO.operator.email, DEMO.operator.password);
  await gotoReady(page, "/admin/applications");
  await main(page).getByRole("link", { name: shopName }).click();
  await expect(page).toHaveURL(/\/admin\/applications\/\d+$/);
  await settle(page);
  return { context, page };
}

test("a new user applies, fixes what the operator asks and opens a shop", async ({ page, browser, baseURL, js }) => {
  test.setTimeout(120_000);
  const user = await createUser(browser, baseURL);
  const shopName = `Hill Tea ${Math.random().toString(36).slice(2, 8)}`;
  const company = `${shopName} Co., Ltd.`;
  const code = creditCode();

  await logInViaUi(page, user.email, user.password, "/sell");
  await main(page).getByRole("button", { name: "Start application" }).click();
  await expect(page).toHaveURL(/\/sell\?step=shop/);
  await settle(page);

  // Step 1, saved as a draft.
  await main(page).getByLabel("Shop name").fill(shopName);
  await main(page).getByLabel("Shop description").fill("Rock oolong from the Wuyi hills, roasted by hand.");
  await main(page).getByLabel("Main category").selectOption({ index: 1 });
  await main(page).getByLabel("Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await press(page, "Save draft");
  await expect(main(page).getByText("Draft saved.")).toBeVisible();

  // Another session finds it as it was left.
  await logOut(page);
  await logInViaUi(page, user.email, user.password, "/sell");
  await expect(main(page).getByText("Draft", { exact: true })).toBeVisible();
  await gotoReady(page, "/sell?step=shop");
  await expect(main(page).getByLabel("Shop name")).toHaveValue(shopName);
  await expect(main(page).getByRole("img", { name: "Logo" })).toBeVisible();
  await press(page, "Next");
  await expect(page).toHaveURL(/step=entity/);

  // Step 2: a wrong check character is named next to the field, nothing lost.
  await main(page).getByRole("radio", { name: "Company" }).check();
  await main(page).getByLabel("Company name").fill(company);
  const wrong = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
  await main(page).getByLabel("Unified social credit code").fill(wrong.toLowerCase());
  await main(page).getByLabel("Legal representative").fill("Lin Shan");
  await main(page).getByLabel("Business license").setInputFiles({ name: "licence.png", mimeType: "image/png", buffer: PNG });
  await press(page, "Next");
  await expect(page).toHaveURL(/step=entity/);
  await expect(main(page).getByText(/check character does not match/)).toBeVisible();
  await expect(main(page).getByLabel("Unified social credit code")).toHaveValue(wrong.toLowerCase());
  await expect(main(page).getByLabel("Company name")).toHaveValue(company);
  await expect(main(page).getByRole("link", { name: "licence.png" })).toBeVisible();
  await main(page).getByLabel("Unified social credit code").fill(code);
  await press(page, "Next");
  await expect(page).toHaveURL(/step=contact/);

  // Step 3.
  await main(page).getByLabel("Contact name").fill("Lin Shan");
  await main(page).getByLabel("Contact phone").fill("13800138000");
  await main(page).getByLabel("Bank account name").fill(company);
  const account = digits(16);
  await main(page).getByLabel("Bank account number").fill(account);
  await press(page, "Next");
  await expect(page).toHaveURL(/step=review/);

  // Step 4: the summary, the agreement, submit.
  await expect(main(page).getByText(code)).toBeVisible();
  await expect(main(page).getByText(`•••• •••• ${account.slice(-4)}`)).toBeVisible();
  await main(page).getByLabel("I agree to the merchant agreement").check();
  await press(page, "Submit application");
  await expect(main(page).getByText("Under review").first()).toBeVisible();

  // The operator asks for the credit code to be changed.
  const op = await asOperator(browser, baseURL, js, shopName);
  await expect(main(op.page).getByRole("img", { name: "Business license" })).toBeVisible();
  await main(op.page).getByLabel("Reason").fill("The code does not match the licence photo.");
  await main(op.page).getByRole("checkbox", { name: "Unified social credit code" }).check();
  await main(op.page).getByRole("button", { name: "Request changes" }).click();
  await expect(main(op.page).getByText("Changes requested").first()).toBeVisible();

  // The applicant sees why, changes that field only, and submits again.
  await gotoReady(page, "/sell");
  await expect(main(page).getByText("Changes requested").first()).toBeVisible();
  await expect(main(page).getByText("The code does not match the licence photo.")).toBeVisible();
  await gotoReady(page, "/sell?step=entity");
  await expect(main(page).getByLabel("Company name")).toHaveCount(0);
  await main(page).getByLabel("Unified social credit code").fill(creditCode());
  await press(page, "Next");
  await gotoReady(page, "/sell?step=review");
  await main(page).getByLabel("I agree to the merchant agreement").check();
  await press(page, "Submit application");
  await expect(main(page).getByText("Under review").first()).toBeVisible();

  // Approved: the shop opens and its owner reaches the seller portal.
  await gotoReady(op.page, op.page.url());
  await main(op.page).getByRole("button", { name: "Approve" }).click();
  await expect(main(op.page).getByText("Approved").first()).toBeVisible();
  await op.context.close();
  await gotoReady(page, "/sell");
  await expect(main(page).getByText("Approved").first()).toBeVisible();
  await main(page).getByRole("link", { name: "Go to the seller portal" }).click();
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByRole("heading", { name: shopName })).toBeVisible();

  // The new shop lists a product: two colours × two sizes and a picture.
  const title = `Oolong ${Math.random().toString(36).slice(2, 8)}`;
  await gotoReady(page, "/seller/products");
  await main(page).getByRole("button", { name: "New product" }).click();
  await expect(page).toHaveURL(/\/seller\/products\/new/);
  await settle(page);
  await main(page).getByLabel("Title").fill(title);
  await main(page).getByLabel("Description").fill("Roasted by hand over charcoal.");
  // Tea: no other journey counts on what the tea category holds.
  await main(page).getByLabel("Category").selectOption({ label: "Food & drink › Tea" });
  await main(page).getByLabel("Dimension 1 name").fill("Color");
  await main(page).getByLabel("Dimension 1 values").fill("Red, Blue");
  await main(page).getByLabel("Dimension 2 name").fill("Size");
  await main(page).getByLabel("Dimension 2 values").fill("S, M");
  await main(page).getByLabel("Price", { exact: true }).fill("59");
  await main(page).getByLabel("Stock", { exact: true }).fill("5");
  await main(page).getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/seller\/products\/\d+$/);
  await settle(page);
  await expect(main(page).getByText("Draft", { exact: true }).first()).toBeVisible();
  await expect(main(page).getByRole("row", { name: /Blue · M/ })).toBeVisible();
  await main(page).getByLabel("Images", { exact: true }).setInputFiles({ name: "tea.png", mimeType: "image/png", buffer: PNG });
  await main(page).getByRole("button", { name: "Upload" }).click();
  await expect(main(page).locator(".editor-images img")).toHaveCount(1);
  await settle(page);
  await main(page).getByRole("button", { name: "Submit for review" }).click();
  await expect(main(page).getByText("Pending review").first()).toBeVisible();

  // The operator finds it in Listings and approves it.
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  const operator = await context.newPage();
  await logInViaUi(operator, DEMO.operator.email, DEMO.operator.password);
  await gotoReady(operator, "/admin/listings");
  await main(operator).getByRole("link", { name: title }).click();
  await settle(operator);
  await expect(main(operator).getByText(shopName)).toBeVisible();
  await main(operator).getByRole("button", { name: "Approve" }).click();
  if (js) {
    await expect(main(operator).getByText("Live", { exact: true }).first()).toBeVisible();
  } else {
    await expect(operator).toHaveURL(/\/admin\/listings$/);
  }
  await context.close();

  // A shopper finds it by search and adds it to the cart.
  const shopper = await (await newContext(browser, { baseURL, javaScriptEnabled: js })).newPage();
  await expect(async () => {
    await gotoReady(shopper, `/search?q=${encodeURIComponent(title)}`);
    await expect(main(shopper).getByRole("link", { name: title }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await main(shopper).getByRole("link", { name: title }).first().click();
  await settle(shopper);
  await expect(shopper.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await pick(shopper, "Color", "Blue");
  await pick(shopper, "Size", "M");
  await main(shopper).getByRole("button", { name: "Add to cart" }).click();
  if (js) {
    await expect(main(shopper).getByText("Added to cart.")).toBeVisible();
  } else {
    await expect(shopper).toHaveURL(/\/cart$/);
    await expect(main(shopper).getByText(title)).toBeVisible();
  }
  await shopper.context().close();
});

test("a guest is asked to log in before applying", async ({ page }) => {
  await page.goto("/sell");
  await expect(page).toHaveURL(/\/login\?next=%2Fsell/);
});
