import { type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { DEMO, escapeRegExp, expect, gotoReady, jsOn, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main, payWith, shipAsMerchant } from "./buying";
import { makePng } from "./samples";

// After-sales, end to end, on a phone and a desktop, with JavaScript on and
// off (every form here works without it):
//
// 1. A new shopper buys an item of the demo shop, the shop ships it, the
//    shopper confirms receipt and asks to return it (reason, words, the
//    full amount, a photo). The shop agrees with a return address; the
//    shopper sends the item back with a carrier and tracking number; the
//    shop confirms the return: the request is Refunded in full and so is
//    the (single-item) order.
// 2. Another purchase: the shopper asks for a refund only; the shop refuses
//    with a reason; the shopper takes it to the platform; the operator
//    approves part of the amount with a reason the shopper then reads.
//
// The four projects share one server and database, so each test of each
// project buys a product of its own (a different eighth of the shop's list),
// and every request is found by its own id (`#after-sale-{id}`).

/** Letters only: a word to find again, with no digits to read as a phone number. */
function marker(prefix: string): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let out = prefix;
  for (let i = 0; i < 10; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

/** A tracking number as a carrier prints it: `SF` and ten digits. */
function sfTrackingNumber(): string {
  let digits = "";
  for (let i = 0; i < 10; i++) digits += Math.floor(Math.random() * 10).toString();
  return `SF${digits}`;
}

// ---------------------------------------------------------------------------
// Money as the pages write it: "¥1,234.50" to show, "1234.5"-style yuan in
// the Amount fields ("199" for whole yuan, "19.90" otherwise).
// ---------------------------------------------------------------------------

/** Fen from "¥1,234.50". */
function fenOf(text: string): number {
  const match = /¥([\d,]+)\.(\d{2})/.exec(text);
  expect(match, `an amount in "${text}"`).not.toBeNull();
  return Number(match![1].replace(/,/g, "")) * 100 + Number(match![2]);
}

/** "¥1,234.50" from fen. */
function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `¥${yuan}.${(fen % 100).toString().padStart(2, "0")}`;
}

/** What an Amount field holds for `fen`: "199" or "19.90". */
function yuanParam(fen: number): string {
  return fen % 100 === 0 ? `${fen / 100}` : `${Math.floor(fen / 100)}.${(fen % 100).toString().padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------
// Buying, shipping, receiving (as reviews.spec.ts does it).
// ---------------------------------------------------------------------------

/** This project's place among the configured ones (0 when not found). */
function projectIndex(): number {
  const info = test.info();
  return Math.max(0, info.config.projects.findIndex((p) => p.name === info.project.name));
}

/** Categories whose goods never qualify for 7-day no-reason returns (food and drink). */
const FOOD_AND_DRINK = ["food-drink", "tea", "snacks", "coffee"];

interface Bought {
  orderId: string;
  title: string;
}

/**
 * Adds a product of the demo merchant's shop to the cart: not food or drink,
 * and one that can be added. `slot` (0-7) says where in the shop's list the
 * search starts, so that the projects' tests buy different products.
 * Returns the product's title.
 */
async function addFromDemoShop(page: Page, slot: number): Promise<string> {
  await gotoReady(page, "/s/harbor-digital");
  const hrefs = await main(page)
    .locator('a[href^="/p/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))].filter((h) => /^\/p\/\d+$/.test(h)));
  expect(hrefs.length, "products in the demo shop").toBeGreaterThan(0);
  const start = (slot * Math.max(1, Math.floor(hrefs.length / 8))) % hrefs.length;
  const ordered = [...hrefs.slice(start), ...hrefs.slice(0, start)];
  const foodCrumbs = FOOD_AND_DRINK.map((slug) => `a[href="/c/${slug}"]`).join(", ");
  for (const href of ordered) {
    await gotoReady(page, href);
    if ((await page.getByRole("navigation", { name: "Breadcrumb" }).locator(foodCrumbs).count()) > 0) continue;
    const add = main(page).getByRole("button", { name: "Add to cart" });
    if ((await add.count()) === 0 || (await add.isDisabled())) continue;
    const title = ((await main(page).getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
    await add.click();
    if (jsOn(page)) {
      await expect(main(page).getByText("Added to cart.")).toBeVisible();
    } else {
      await expect(page).toHaveURL(/\/cart$/);
    }
    return title;
  }
  throw new Error("no product of the demo shop (outside food and drink) can be added");
}

/**
 * A new shopper on `page` buys one item, the demo shop ships it, the
 * shopper confirms receipt: the order is Completed and after-sales open.
 */
async function buyAndReceive(page: Page, browser: Browser, baseURL: string | undefined, js: boolean, slot: number): Promise<Bought> {
  await registerViaUi(page, newUser());
  const title = await addFromDemoShop(page, slot);
  await gotoReady(page, "/checkout");
  await expect(page.getByRole("heading", { name: "Checkout", level: 1 })).toBeVisible();
  await addAddress(page);
  await main(page).getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/pay\/\d+$/);
  await settle(page);
  await payWith(page, "4242 4242 4242 4242");
  await expect(main(page).getByRole("heading", { name: "Payment successful" })).toBeVisible();

  await gotoReady(page, "/orders");
  const orderLink = main(page).locator("article").first().getByRole("link", { name: /^Order \d+$/ });
  const orderId = ((await orderLink.textContent()) ?? "").replace(/\D/g, "");
  expect(orderId).toMatch(/^\d+$/);

  await shipAsMerchant(browser, baseURL, js, orderId, `SF${Date.now()}`.slice(0, 16));

  await gotoReady(page, `/orders/${orderId}`);
  await expect(main(page).locator(".order-head").getByText("Shipped", { exact: true })).toBeVisible();
  await main(page).getByRole("button", { name: "Confirm receipt" }).click();
  await settle(page);
  await expect(main(page).locator(".order-head").getByText("Completed", { exact: true })).toBeVisible();
  return { orderId, title };
}

// ---------------------------------------------------------------------------
// The order page's After-sales section and its requests.
// ---------------------------------------------------------------------------

function afterSalesSection(page: Page): Locator {
  return main(page).getByRole("region", { name: "After-sales", exact: true });
}

/** One request, on whichever page shows it (order page, shop's queue, disputes). */
function requestCard(page: Page, id: string): Locator {
  return page.locator(`#after-sale-${id}`);
}

/** A request's status badge. */
function requestStatus(card: Locator): Locator {
  return card.locator("header .badge");
}

function orderStatus(page: Page, status: string): Locator {
  return main(page).locator(".order-head").getByText(status, { exact: true });
}

/**
 * On a completed order: the line's after-sales offer (what was paid, the
 * 7-day no-reason policy, both buttons). Returns what was paid, in fen.
 */
async function readLineOffer(page: Page, title: string): Promise<number> {
  const section = afterSalesSection(page);
  await expect(section.getByRole("heading", { name: "After-sales", exact: true })).toBeVisible();
  const line = section.locator("li").filter({ hasText: "Paid for this item" });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(title);
  // Not food or drink, and just received: within the 7 days.
  await expect(line).toContainText("7-day no-reason returns until");
  await expect(line.getByRole("button", { name: "Request refund", exact: true })).toBeVisible();
  await expect(line.getByRole("button", { name: "Return and refund", exact: true })).toBeVisible();
  const paid = fenOf((await line.textContent()) ?? "");
  expect(paid, "paid for the item").toBeGreaterThan(1);
  return paid;
}

interface RequestInput {
  kind: "Request refund" | "Return and refund";
  reason: string;
  description: string;
  /** Fen; the form is expected to offer it (the full refundable amount). */
  amount: number;
  photo?: boolean;
}

/**
 * From the order page: presses the line's button, fills the request form
 * and submits it. Lands on the order at the new request; returns its id.
 */
async function makeRequest(page: Page, orderId: string, title: string, input: RequestInput): Promise<string> {
  const kind = input.kind === "Request refund" ? "refund" : "return";
  await afterSalesSection(page).getByRole("button", { name: input.kind, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}/after-sales/\\d+\\?kind=${kind}$`));
  await settle(page);
  await expect(page.getByRole("heading", { name: input.kind, level: 1 })).toBeVisible();
  await expect(main(page).getByText(title, { exact: true })).toBeVisible();
  await expect(main(page).getByText(`Paid for this item ${formatFen(input.amount)}`)).toBeVisible();

  // The reasons fit the kind: a no-reason return only as a return, "Not received" only as a refund.
  const reason = main(page).getByLabel("Reason", { exact: true });
  const offered = (await reason.locator("option").allTextContents()).map((t) => t.trim());
  for (const common of ["Arrived damaged", "Not as described", "Wrong item sent", "Quality problem", "Missing parts", "Other"]) {
    expect(offered, "reasons offered").toContain(common);
  }
  if (kind === "return") {
    expect(offered).toContain("No longer wanted (7-day no-reason return)");
    expect(offered).not.toContain("Not received");
  } else {
    expect(offered).toContain("Not received");
    expect(offered).not.toContain("No longer wanted (7-day no-reason return)");
  }
  await reason.selectOption({ label: input.reason });
  await main(page).getByLabel("Description", { exact: true }).fill(input.description);
  const amount = main(page).getByLabel("Amount", { exact: true });
  await expect(amount).toHaveValue(yuanParam(input.amount));
  if (input.photo) {
    const photos = main(page).getByLabel("Photos", { exact: true });
    await expect(photos).toHaveAttribute("type", "file");
    await expect(photos).toHaveAttribute("multiple");
    await photos.setInputFiles({ name: "damage.png", mimeType: "image/png", buffer: makePng(300, 300) });
  }
  await main(page).getByRole("button", { name: input.kind, exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}#after-sale-\\d+$`), { timeout: 30_000 });
  await settle(page);
  const id = /#after-sale-(\d+)$/.exec(page.url())![1];
  const card = requestCard(page, id);
  await expect(card).toBeVisible();
  const kindWords = kind === "refund" ? "Refund only" : "Return and refund";
  await expect(card.getByRole("heading", { name: `Request ${id} · ${kindWords}` })).toBeVisible();
  await expect(requestStatus(card)).toHaveText("Awaiting seller");
  await expect(card).toContainText(input.reason);
  await expect(card).toContainText(formatFen(input.amount));
  await expect(card).toContainText(input.description);
  await expect(card.getByText("Progress", { exact: true })).toBeVisible();
  await expect(card).toContainText("Request made");
  // While a request is open the line offers no second one.
  await expect(afterSalesSection(page).getByRole("button", { name: input.kind, exact: true })).toHaveCount(0);
  return id;
}

// ---------------------------------------------------------------------------
// Staff pages.
// ---------------------------------------------------------------------------

/** Opens a section's own navigation when it is folded (phones), as staff.spec.ts does. */
async function sectionLink(page: Page, menu: string, link: string): Promise<Locator> {
  const viewport = page.viewportSize();
  const toggle = page.getByRole("button", { name: menu });
  if (viewport && viewport.width < 700 && (await toggle.isVisible())) {
    await toggle.click();
  }
  return page.getByRole("link", { name: link, exact: true }).filter({ visible: true }).first();
}

/**
 * Presses a button of a server-action form: with JavaScript the page stays
 * (the action runs in the background); without, the post answers with a
 * redirect back, so wait for that page.
 */
async function press(page: Page, button: Locator): Promise<void> {
  if (jsOn(page)) {
    await button.click();
    return;
  }
  const navigated = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await button.click();
  await navigated;
  await page.waitForLoadState("load");
}

/** A staff member's own browser, logged in (JavaScript as the project runs it). */
async function staffPage(
  browser: Browser,
  baseURL: string | undefined,
  js: boolean,
  who: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  const page = await context.newPage();
  await logInViaUi(page, who.email, who.password);
  return { context, page };
}

/** The seller portal's After-sales page, reached through its navigation. */
async function openShopAfterSales(merchant: Page): Promise<void> {
  await gotoReady(merchant, "/seller");
  await (await sectionLink(merchant, "Seller menu", "After-sales")).click();
  await expect(merchant).toHaveURL(/\/seller\/after-sales(\?|$)/);
  await settle(merchant);
  await expect(merchant.getByRole("heading", { name: "After-sales", level: 1 })).toBeVisible();
  await expect(merchant.getByRole("heading", { name: "Service figures" })).toBeVisible();
}

/** The operator console's Disputes page, reached through its navigation. */
async function openDisputes(operator: Page): Promise<void> {
  await gotoReady(operator, "/admin");
  await (await sectionLink(operator, "Console menu", "Disputes")).click();
  await expect(operator).toHaveURL(/\/admin\/disputes(\?|$)/);
  await settle(operator);
  await expect(operator.getByRole("heading", { name: "Disputes", level: 1 })).toBeVisible();
}

// ---------------------------------------------------------------------------
// The journeys.
// ---------------------------------------------------------------------------

test("a buyer returns a damaged item with a photo; the shop agrees, gets it back and the money goes back in full", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  test.setTimeout(240_000);
  const description = `The screen was cracked when the parcel arrived (${marker("as")})`;
  const returnAddress = `Harbor Digital returns desk, Keyuan Road, Nanshan, Shenzhen (${marker("ra")})`;
  const tracking = sfTrackingNumber();

  let bought: Bought = { orderId: "", title: "" };
  await test.step("a new shopper buys an item, the shop ships it, the shopper confirms receipt", async () => {
    bought = await buyAndReceive(page, browser, baseURL, js, projectIndex() * 2);
  });
  const { orderId, title } = bought;
  const orderPath = `/orders/${orderId}`;

  let paid = 0;
  let id = "";
  await test.step("the shopper asks to return it: reason, words, the full amount, a photo", async () => {
    paid = await readLineOffer(page, title);
    id = await makeRequest(page, orderId, title, {
      kind: "Return and refund",
      reason: "Arrived damaged",
      description,
      amount: paid,
      photo: true,
    });
    const card = requestCard(page, id);
    await expect(card).toContainText(title);
    await expect(card).toContainText(/The shop answers by .+, or it is agreed automatically\./);
    await expect(card.getByRole("button", { name: "Withdraw request" })).toBeVisible();

    // The photo shows as a thumbnail linking to the full picture; both are served.
    const thumb = card.locator("a img");
    await expect(thumb).toHaveCount(1);
    await expect(thumb).toBeVisible();
    const src = await thumb.getAttribute("src");
    const href = await card.locator("a").filter({ has: page.locator("img") }).getAttribute("href");
    for (const url of [src ?? "", href ?? ""]) {
      expect(url).toMatch(/^\/media\//);
      const response = await page.request.get(url);
      expect(response.ok(), `GET ${url}`).toBe(true);
      expect(response.headers()["content-type"] ?? "").toMatch(/^image\//);
    }
  });

  const merchant = await staffPage(browser, baseURL, js, DEMO.merchant);
  try {
    await test.step("the shop finds the request and agrees, giving a return address", async () => {
      await openShopAfterSales(merchant.page);
      const card = requestCard(merchant.page, id);
      await expect(card, `request ${id} in the shop's queue`).toBeVisible();
      await expect(requestStatus(card)).toHaveText("Awaiting seller");
      await expect(card).toContainText(title);
      await expect(card).toContainText("Arrived damaged");
      await expect(card).toContainText(description);
      await expect(card.locator("img")).toHaveCount(1);
      // Both answers are offered; the address is asked because it is a return.
      await expect(card.getByRole("button", { name: "Refuse", exact: true })).toBeVisible();
      await expect(card.getByLabel("Reason", { exact: true })).toBeVisible();
      await card.getByLabel("Return address", { exact: true }).fill(returnAddress);
      await press(merchant.page, card.getByRole("button", { name: "Agree", exact: true }));
      await settle(merchant.page);
      await expect(requestStatus(requestCard(merchant.page, id))).toHaveText("Agreed", { timeout: 15_000 });
      await expect(requestCard(merchant.page, id)).toContainText(`Return address: ${returnAddress}`);
    });

    await test.step("the shopper sees it agreed with the address, and ships the item back", async () => {
      await gotoReady(page, orderPath);
      const card = requestCard(page, id);
      await expect(requestStatus(card)).toHaveText("Agreed");
      await expect(card).toContainText(`Return address: ${returnAddress}`);
      await expect(card).toContainText("The shop agreed");
      await expect(card).toContainText(/Send the item back by .+, or the request closes\./);
      await expect(card.getByRole("button", { name: "Withdraw request" })).toBeVisible();
      const carrier = card.getByLabel("Carrier", { exact: true });
      await expect(carrier.locator("option", { hasText: "SF Express" })).toHaveCount(1);
      await carrier.selectOption({ label: "SF Express" });
      await card.getByLabel("Tracking number", { exact: true }).fill(tracking);
      await card.getByRole("button", { name: "Ship return", exact: true }).click();
      // With JavaScript the page reloads once the post is done; without, the post redirects here.
      await expect(requestStatus(requestCard(page, id))).toHaveText("Returning", { timeout: 20_000 });
      await settle(page);
      const returning = requestCard(page, id);
      await expect(returning).toContainText(tracking);
      await expect(returning).toContainText("SF Express");
      await expect(returning).toContainText("Item sent back");
      await expect(returning.getByRole("button", { name: "Ship return" })).toHaveCount(0);
      await expect(returning.getByRole("button", { name: "Withdraw request" })).toHaveCount(0);
    });

    await test.step("the shop confirms the return received, putting the item back in stock", async () => {
      await openShopAfterSales(merchant.page);
      const card = requestCard(merchant.page, id);
      await expect(requestStatus(card)).toHaveText("Returning");
      await expect(card).toContainText(tracking);
      await expect(card.getByRole("checkbox", { name: "Put the item back in stock" })).toBeChecked();
      await expect(card.getByRole("button", { name: "Refuse", exact: true })).toBeVisible();
      await press(merchant.page, card.getByRole("button", { name: "Confirm return received", exact: true }));
      await settle(merchant.page);
      // Settled: no longer in the open queue.
      await expect(requestCard(merchant.page, id)).toHaveCount(0, { timeout: 15_000 });
    });
  } finally {
    await merchant.context.close();
  }

  await test.step("the shopper sees the request refunded in full, and the order Refunded", async () => {
    await gotoReady(page, orderPath);
    const card = requestCard(page, id);
    await expect(requestStatus(card)).toHaveText("Refunded");
    await expect(card).toContainText(`Refunded: ${formatFen(paid)}`);
    await expect(card).toContainText("The shop confirmed the return");
    await expect(card.getByRole("button", { name: "Withdraw request" })).toHaveCount(0);
    await expect(orderStatus(page, "Refunded")).toBeVisible();
    const refund = main(page)
      .locator(".order-refunds li")
      .filter({ hasText: new RegExp(`^\\s*Refund ${escapeRegExp(formatFen(paid))}: (on its way back|returned)\\s*$`) });
    await expect(refund).toHaveCount(1);
    // Nothing is left to ask for.
    await expect(afterSalesSection(page).getByRole("button", { name: "Request refund", exact: true })).toHaveCount(0);
    await expect(afterSalesSection(page).getByRole("button", { name: "Return and refund", exact: true })).toHaveCount(0);
  });
});

test("a buyer asks for a refund; the shop refuses; the buyer escalates; the platform refunds part of it", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  test.setTimeout(240_000);
  const description = `It stopped charging after two days of use (${marker("qp")})`;
  const refusal = `The item was tested before it left the warehouse (${marker("rf")})`;
  const statement = `The charging port is loose, the shop would not look at it (${marker("st")})`;
  const decision = `Half back: the fault is real but the item stays with the buyer (${marker("pd")})`;

  let bought: Bought = { orderId: "", title: "" };
  await test.step("a new shopper buys an item, the shop ships it, the shopper confirms receipt", async () => {
    bought = await buyAndReceive(page, browser, baseURL, js, projectIndex() * 2 + 1);
  });
  const { orderId, title } = bought;
  const orderPath = `/orders/${orderId}`;

  let paid = 0;
  let id = "";
  await test.step("the shopper asks for a refund only, for a quality problem", async () => {
    paid = await readLineOffer(page, title);
    id = await makeRequest(page, orderId, title, {
      kind: "Request refund",
      reason: "Quality problem",
      description,
      amount: paid,
    });
    await expect(requestCard(page, id).locator("img")).toHaveCount(0);
  });

  await test.step("the shop refuses with a reason", async () => {
    const merchant = await staffPage(browser, baseURL, js, DEMO.merchant);
    try {
      await openShopAfterSales(merchant.page);
      const card = requestCard(merchant.page, id);
      await expect(card, `request ${id} in the shop's queue`).toBeVisible();
      await expect(requestStatus(card)).toHaveText("Awaiting seller");
      await expect(card).toContainText(title);
      await expect(card).toContainText("Quality problem");
      // A refund only: no return address to give.
      await expect(card.getByLabel("Return address", { exact: true })).toHaveCount(0);
      await expect(card.getByRole("button", { name: "Agree", exact: true })).toBeVisible();
      await card.getByLabel("Reason", { exact: true }).fill(refusal);
      await press(merchant.page, card.getByRole("button", { name: "Refuse", exact: true }));
      await settle(merchant.page);
      const refused = requestCard(merchant.page, id);
      await expect(requestStatus(refused)).toHaveText("Refused", { timeout: 15_000 });
      await expect(refused).toContainText(`The shop said: ${refusal}`);
      await expect(refused.getByRole("button", { name: "Agree", exact: true })).toHaveCount(0);
    } finally {
      await merchant.context.close();
    }
  });

  await test.step("the shopper reads the refusal and takes it to the platform", async () => {
    await gotoReady(page, orderPath);
    const card = requestCard(page, id);
    await expect(requestStatus(card)).toHaveText("Refused");
    await expect(card).toContainText(`The shop said: ${refusal}`);
    await expect(card).toContainText("The shop refused");
    await card.getByLabel("What you want the platform to know", { exact: true }).fill(statement);
    await card.getByRole("button", { name: "Escalate to the platform", exact: true }).click();
    await expect(requestStatus(requestCard(page, id))).toHaveText("Under arbitration", { timeout: 20_000 });
    await settle(page);
    const escalated = requestCard(page, id);
    await expect(escalated).toContainText("Taken to the platform");
    await expect(escalated).toContainText(statement);
    await expect(escalated.getByRole("button", { name: "Escalate to the platform" })).toHaveCount(0);
    await expect(escalated.getByRole("button", { name: "Withdraw request" })).toHaveCount(0);
  });

  const part = Math.floor(paid / 2);
  await test.step("the operator reads both sides and refunds part of the amount, with a reason", async () => {
    const operator = await staffPage(browser, baseURL, js, DEMO.operator);
    try {
      await openDisputes(operator.page);
      const card = requestCard(operator.page, id);
      await expect(card, `request ${id} among the disputes`).toBeVisible();
      await expect(requestStatus(card)).toHaveText("Under arbitration");
      await expect(card).toContainText(title);
      await expect(card).toContainText(description);
      await expect(card).toContainText(`The shop said: ${refusal}`);
      await expect(card).toContainText(statement);
      const amount = card.getByLabel("Amount", { exact: true });
      await expect(amount).toHaveValue(yuanParam(paid));
      await amount.fill(yuanParam(part));
      await card.getByLabel("Reason", { exact: true }).fill(decision);
      await expect(card.getByRole("button", { name: "Reject request", exact: true })).toBeVisible();
      await press(operator.page, card.getByRole("button", { name: "Approve refund", exact: true }));
      await settle(operator.page);
      // Decided: no longer waiting for the platform.
      await expect(requestCard(operator.page, id)).toHaveCount(0, { timeout: 15_000 });
    } finally {
      await operator.context.close();
    }
  });

  await test.step("the shopper sees the part refunded and the platform's reason; the order stays Completed", async () => {
    await gotoReady(page, orderPath);
    const card = requestCard(page, id);
    await expect(requestStatus(card)).toHaveText("Refunded");
    await expect(card).toContainText(`Refunded: ${formatFen(part)}`);
    await expect(card).toContainText(`The platform decided: ${decision}`);
    await expect(card).toContainText("The platform decided: refund");
    await expect(card.getByRole("button", { name: "Escalate to the platform" })).toHaveCount(0);
    const refund = main(page)
      .locator(".order-refunds li")
      .filter({ hasText: new RegExp(`^\\s*Refund ${escapeRegExp(formatFen(part))}: (on its way back|returned)\\s*$`) });
    await expect(refund).toHaveCount(1);
    // Part of the item's price is still the shopper's: the order is not Refunded.
    await expect(orderStatus(page, "Completed")).toBeVisible();
    await expect(orderStatus(page, "Refunded")).toHaveCount(0);
  });
});
