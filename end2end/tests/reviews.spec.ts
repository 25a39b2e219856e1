import { type Locator, type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main, payWith, shipAsMerchant } from "./buying";
import { makePng } from "./samples";

// Reviews, end to end, on a phone and a desktop, with JavaScript on and off:
// a new shopper buys an item of the demo shop, the shop ships it, the
// shopper confirms receipt and reviews it (stars chosen with the keyboard,
// a photo, the shop rated); the review waits for the operator, who approves
// it; it shows on the product page with its photo and counts; the shop
// replies; another shopper finds it helpful.
//
// The four projects share one server and database, so each buys (and so
// reviews) a product of its own, and the counts are read before and after.


/** Letters only: no digits for the contact rule to read as a phone number. */
function marker(prefix: string): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let out = prefix;
  for (let i = 0; i < 10; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

// ---------------------------------------------------------------------------
// Buying, shipping, receiving (as checkout.spec.ts does it).
// ---------------------------------------------------------------------------

/** This project's place among the configured ones (0 when not found). */
function projectIndex(): number {
  const info = test.info();
  return Math.max(0, info.config.projects.findIndex((p) => p.name === info.project.name));
}

/**
 * Adds a product of the demo merchant's shop to the cart. Each project
 * starts its search at a different quarter of the shop's list, so the four
 * projects review different products. Returns the product's page path.
 */
async function addFromDemoShop(page: Page): Promise<string> {
  await gotoReady(page, "/s/harbor-digital");
  const hrefs = await main(page)
    .locator('a[href^="/p/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))].filter((h) => /^\/p\/\d+$/.test(h)));
  expect(hrefs.length, "products in the demo shop").toBeGreaterThan(0);
  const start = (projectIndex() * Math.max(1, Math.floor(hrefs.length / 4))) % hrefs.length;
  const ordered = [...hrefs.slice(start), ...hrefs.slice(0, start)];
  for (const href of ordered) {
    await gotoReady(page, href);
    const add = main(page).getByRole("button", { name: "Add to cart" });
    if ((await add.count()) === 0 || (await add.isDisabled())) continue;
    await add.click();
    if (jsOn(page)) {
      await expect(main(page).getByText("Added to cart.")).toBeVisible();
    } else {
      await expect(page).toHaveURL(/\/cart$/);
    }
    return href;
  }
  throw new Error("no product of the demo shop can be added");
}

// ---------------------------------------------------------------------------
// Staff pages and the product page's Reviews section.
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

/**
 * The list item holding `text` on the current paged list (following its
 * "Next" links), narrowed by `has`. Fails when no page holds it.
 */
async function findOnPages(page: Page, text: string, has: Locator): Promise<Locator> {
  for (let i = 0; i < 50; i++) {
    const item = main(page).locator("li").filter({ hasText: text }).filter({ has });
    if ((await item.count()) > 0) return item.first();
    const next = main(page).locator('a[rel="next"]');
    if ((await next.count()) === 0) break;
    await gotoReady(page, (await next.first().getAttribute("href")) ?? "");
  }
  throw new Error(`no item with "${text}" on ${page.url()} or the pages after it`);
}

function reviewsSection(page: Page): Locator {
  return page.locator("section#reviews");
}

/** The published review holding `text` on a product page. */
function reviewArticle(page: Page, text: string): Locator {
  return reviewsSection(page).locator("article").filter({ hasText: text });
}

/** How many reviews the product page counts, and how many of them have 5 stars. */
async function readCounts(page: Page): Promise<{ count: number; five: number }> {
  const section = reviewsSection(page);
  await expect(section.getByRole("heading", { name: "Reviews", exact: true })).toBeVisible();
  const empty = section.getByText("No reviews yet.", { exact: true });
  const table = section.getByRole("table", { name: "Ratings by stars" });
  await expect(empty.or(table)).toBeVisible();
  if (await empty.isVisible()) return { count: 0, five: 0 };
  const summary = (await section.locator(".reviews__average").textContent()) ?? "";
  const match = /([\d,]+) reviews?\b/.exec(summary);
  expect(match, `a review count in "${summary}"`).not.toBeNull();
  const fiveRow = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "5 stars", exact: true }) });
  const five = ((await fiveRow.getByRole("cell").last().textContent()) ?? "").replace(/\D/g, "");
  expect(five, 'the "5 stars" row\'s number').toMatch(/^\d+$/);
  return { count: Number(match![1].replace(/,/g, "")), five: Number(five) };
}

/** Reloads `path` until `check` passes (the anonymous page cache refreshes within about a second). */
async function reloadUntil(page: Page, path: string, check: () => Promise<void>, timeout = 20_000): Promise<void> {
  let first = true;
  await expect(async () => {
    if (!first) await gotoReady(page, path);
    first = false;
    await check();
  }).toPass({ timeout });
}

/** Chooses a star radio of `group` as a person does: by clicking its label. */
async function pickStars(page: Page, group: string, stars: string): Promise<void> {
  const radio = main(page).getByRole("radiogroup", { name: group, exact: true }).getByRole("radio", { name: stars, exact: true });
  const id = await radio.getAttribute("id");
  if (id) await page.locator(`label[for="${id}"]`).first().click();
  else await radio.check();
  await expect(radio).toBeChecked();
}

test("a buyer reviews a received item with a photo; the operator approves it; the shop replies; others find it helpful", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  test.setTimeout(240_000);
  const body = `Sturdy and works as described, arrived well packed and on time (${marker("rv")})`;
  const bodyMarker = /\((rv[a-z]+)\)/.exec(body)![1];
  const reply = `Thank you for the kind words (${marker("re")})`;

  // 1. A new shopper buys, the shop ships, the shopper confirms receipt.
  const shopper = newUser();
  let orderId = "";
  let productPath = "";
  await test.step("a new shopper buys an item, the shop ships it, the shopper confirms receipt", async () => {
    await registerViaUi(page, shopper);
    productPath = await addFromDemoShop(page);
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
    orderId = ((await orderLink.textContent()) ?? "").replace(/\D/g, "");
    expect(orderId).toMatch(/^\d+$/);

    await shipAsMerchant(browser, baseURL, js, orderId, `SF${Date.now()}`.slice(0, 16));

    await gotoReady(page, `/orders/${orderId}`);
    await expect(main(page).locator(".order-head").getByText("Shipped", { exact: true })).toBeVisible();
    await main(page).getByRole("button", { name: "Confirm receipt" }).click();
    await settle(page);
    await expect(main(page).locator(".order-head").getByText("Completed", { exact: true })).toBeVisible();
  });

  // 2. Each line of the completed order offers "Write a review", on the order and in the list.
  let reviewPath = "";
  await test.step("the order and the order list offer Write a review", async () => {
    const write = main(page).getByRole("link", { name: "Write a review", exact: true });
    await expect(write).toHaveCount(1);
    reviewPath = (await write.getAttribute("href")) ?? "";
    expect(reviewPath).toMatch(new RegExp(`^/orders/${orderId}/review/\\d+$`));

    await gotoReady(page, "/orders");
    const card = main(page)
      .locator("article")
      .filter({ has: page.getByRole("link", { name: `Order ${orderId}`, exact: true }) });
    const listed = card.getByRole("link", { name: "Write a review", exact: true });
    await expect(listed).toHaveCount(1);
    await expect(listed).toHaveAttribute("href", reviewPath);
    await listed.click();
    await expect(page).toHaveURL(new RegExp(`${reviewPath}$`));
    await settle(page);
  });

  // The product page's counts before the review is published (read as a guest).
  const guestContext = await newContext(browser, { baseURL, javaScriptEnabled: js });
  const guest = await guestContext.newPage();
  await gotoReady(guest, productPath);
  const before = await readCounts(guest);

  // 3. The review form: stars by keyboard, words, a photo, the shop rated.
  await test.step("the shopper writes the review with a photo and rates the shop", async () => {
    await expect(page.getByRole("heading", { name: "Write a review", level: 1 })).toBeVisible();
    const rating = main(page).getByRole("radiogroup", { name: "Rating", exact: true });
    await expect(rating.getByRole("radio")).toHaveCount(5);
    const one = rating.getByRole("radio", { name: "1 star", exact: true });
    const five = rating.getByRole("radio", { name: "5 stars", exact: true });
    await one.focus();
    await page.keyboard.press("Space");
    await expect(one).toBeChecked();
    for (let i = 0; i < 6 && !(await five.isChecked()); i++) {
      await page.keyboard.press("ArrowRight");
    }
    await expect(five).toBeChecked();
    await expect(five).toBeFocused();
    await expect(one).not.toBeChecked();

    const text = main(page).getByRole("textbox", { name: "Review", exact: true });
    await text.fill(body);
    await expect(text).toHaveValue(body);

    const photos = main(page).getByLabel("Photos", { exact: true });
    await expect(photos).toHaveAttribute("type", "file");
    await expect(photos).toHaveAttribute("multiple");
    await expect(photos).toHaveAttribute("accept", /image\/png/);
    await photos.setInputFiles({ name: "review.png", mimeType: "image/png", buffer: makePng(300, 300) });

    const anonymous = main(page).getByRole("checkbox", { name: "Post anonymously" });
    await expect(anonymous).toBeVisible();
    await expect(anonymous).not.toBeChecked();

    await expect(main(page).getByRole("group", { name: "Rate the shop" })).toBeVisible();
    await pickStars(page, "Item as described", "5 stars");
    await pickStars(page, "Seller service", "4 stars");
    await pickStars(page, "Delivery", "5 stars");

    await main(page).getByRole("button", { name: "Submit review" }).click();
    await expect(main(page).getByText("Pending moderation", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(new RegExp(`${reviewPath}$`));
    await settle(page);
    await expect(main(page).getByText(bodyMarker)).toBeVisible();
  });

  // 4. The operator finds it waiting, with its photo and why it waits, and approves it.
  await test.step("the operator approves the waiting review", async () => {
    const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
    try {
      const operator = await context.newPage();
      await logInViaUi(operator, DEMO.operator.email, DEMO.operator.password);
      await gotoReady(operator, "/admin/reviews");
      await expect(operator.getByRole("heading", { name: "Reviews", level: 1 })).toBeVisible();
      const item = await findOnPages(operator, bodyMarker, operator.getByRole("button", { name: "Approve", exact: true }));
      await expect(item.locator("img").first()).toBeVisible();
      await expect(item.getByText("Flagged for")).toBeVisible();
      await press(operator, item.getByRole("button", { name: "Approve", exact: true }));
      await settle(operator);
      await expect(main(operator).locator("li").filter({ hasText: bodyMarker })).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  // 5. The product page shows it, with its photo, and counts it.
  await test.step("the product page shows the published review and counts it", async () => {
    await reloadUntil(guest, productPath, async () => {
      await expect(reviewArticle(guest, bodyMarker)).toBeVisible({ timeout: 2_000 });
    });
    const section = reviewsSection(guest);
    await expect(section.getByRole("heading", { name: "Reviews", exact: true })).toBeVisible();
    const article = reviewArticle(guest, bodyMarker);
    await expect(article).toHaveCount(1);
    await expect(article.getByRole("img", { name: "5 stars", exact: true })).toBeVisible();

    // The thumbnail links to the full picture; both are served.
    const thumb = article.locator("a img");
    await expect(thumb).toHaveCount(1);
    await expect(thumb).toBeVisible();
    const href = (await article.locator("a").filter({ has: guest.locator("img") }).getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/media\//);
    const full = await guest.request.get(href);
    expect(full.ok(), `GET ${href}`).toBe(true);
    expect(full.headers()["content-type"] ?? "").toMatch(/^image\//);
    const src = (await thumb.getAttribute("src")) ?? "";
    expect(src).toMatch(/^\/media\//);
    expect((await guest.request.get(src)).ok(), `GET ${src}`).toBe(true);

    const after = await readCounts(guest);
    expect(after.count, "reviews counted").toBe(before.count + 1);
    expect(after.five, 'the "5 stars" row').toBe(before.five + 1);
    const average = section.locator(".reviews__average");
    if (before.count === 0) {
      await expect(average).toContainText("5.0");
      await expect(average).toContainText(/\b1 review\b/);
    } else {
      await expect(average).toContainText(/\d\.\d/);
    }

    // A filter narrows the list (in place with JavaScript, as a new page
    // without): "5 stars" lists 5-star reviews only, the new one first.
    const fiveTag = section.getByRole("link", { name: /^5 stars \(/ });
    await fiveTag.click();
    await expect(guest).toHaveURL(/[?&]rf=5(&|#|$)/);
    await expect(section.getByRole("link", { name: /^5 stars \(/ })).toHaveAttribute("aria-current", "true");
    await expect(reviewArticle(guest, bodyMarker)).toBeVisible();
    const labels = await section.locator("article .review__head .stars").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(["5 stars"]));
  });

  // 6. The shop replies from the seller portal; the reply shows under the review.
  await test.step("the demo merchant replies, and the reply shows on the product page", async () => {
    const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
    try {
      const merchant = await context.newPage();
      await logInViaUi(merchant, DEMO.merchant.email, DEMO.merchant.password);
      await gotoReady(merchant, "/seller");
      await (await sectionLink(merchant, "Seller menu", "Reviews")).click();
      await expect(merchant).toHaveURL(/\/seller\/reviews/);
      await settle(merchant);
      await expect(merchant.getByRole("heading", { name: "Reviews", level: 1 })).toBeVisible();
      const item = await findOnPages(merchant, bodyMarker, merchant.getByRole("textbox", { name: "Your reply" }));
      await item.getByRole("textbox", { name: "Your reply" }).fill(reply);
      await press(merchant, item.getByRole("button", { name: "Reply", exact: true }));
      const path = new URL(merchant.url()).pathname + new URL(merchant.url()).search;
      await reloadUntil(merchant, path, async () => {
        const replied = main(merchant).locator("li").filter({ hasText: bodyMarker }).first();
        await expect(replied).toContainText(`Seller reply: ${reply}`, { timeout: 3_000 });
      });
    } finally {
      await context.close();
    }
    await reloadUntil(guest, productPath, async () => {
      const article = reviewArticle(guest, bodyMarker);
      await expect(article.getByText("Seller reply")).toBeVisible({ timeout: 2_000 });
      await expect(article).toContainText(`Seller reply: ${reply}`, { timeout: 1_000 });
    });
  });

  // 7. Another shopper finds it helpful.
  await test.step("another shopper marks the review helpful", async () => {
    const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
    try {
      const voter = await context.newPage();
      await registerViaUi(voter, newUser());
      await gotoReady(voter, productPath);
      const helpful = reviewArticle(voter, bodyMarker).getByRole("button", { name: /^Helpful/ });
      await expect(helpful).toHaveText("Helpful (0)");
      await press(voter, helpful);
      await settle(voter);
      await reloadUntil(voter, productPath, async () => {
        await expect(reviewArticle(voter, bodyMarker).getByRole("button", { name: /^Helpful/ })).toHaveText("Helpful (1)", {
          timeout: 3_000,
        });
      });
    } finally {
      await context.close();
    }
  });

  await guestContext.close();
});
