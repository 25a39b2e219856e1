import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type Browser, type Page } from "@playwright/test";
import { DEMO, expect, gotoReady, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main, payWith } from "./buying";

// Group buying (拼团), on a phone and a desktop, with JavaScript on and off:
// the demo merchant offers a product at a group price for two; a shopper
// starts a group by paying and shares its page; a second shopper joins from
// that page and pays, and the group is complete. A third shopper's group
// finds nobody: when its time runs out it fails and its order is refunded.

const PROJECTS = ["phone", "desktop", "phone-nojs", "desktop-nojs"];

/** A shopper with a default address (saved at checkout), logged in. */
async function shopperWithAddress(page: Page, productHref: string) {
  await registerViaUi(page, newUser());
  await gotoReady(page, productHref);
  await main(page).getByRole("button", { name: "Add to cart" }).click();
  await settle(page);
  await gotoReady(page, "/checkout");
  await addAddress(page);
}

async function inContext(browser: Browser, baseURL: string | undefined, js: boolean, work: (page: Page) => Promise<void>) {
  const context = await newContext(browser, { baseURL, javaScriptEnabled: js });
  try {
    await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Pays on the payment page and follows "Share your group" to the group's page. */
async function payAndOpenGroup(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/pay\/\d+$/);
  await settle(page);
  await payWith(page, "4242 4242 4242 4242");
  await expect(main(page).getByText("Payment successful")).toBeVisible({ timeout: 20_000 });
  await main(page).getByRole("link", { name: "Share your group" }).click();
  await expect(page).toHaveURL(/\/g\/\d+$/);
  await settle(page);
  return new URL(page.url()).pathname;
}

/**
 * Lets a group's time run out now (the database the e2e server uses is
 * named in target/e2e-db-path): its expiry job, run by the server within a
 * second, then fails it and refunds its members.
 */
function runOutTheClock(groupPath: string) {
  const db = readFileSync("../target/e2e-db-path", "utf8").trim();
  const group = groupPath.split("/").pop();
  const script = `
import sqlite3, sys, time
now = int(time.time() * 1000) - 1
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("update buy_group set expires_at = ? where group_id = ?", (now, int(sys.argv[2])))
c.execute("update scheduled_job set due_at = ? where kind = 'group.expire' and subject_id = ?", (now, int(sys.argv[2])))
c.commit()
`;
  execFileSync("python3", ["-c", script, db, group ?? ""]);
}

test("two shoppers complete a group, and a group nobody joins is refunded", async ({ page, browser, baseURL, js }) => {
  test.setTimeout(240_000);
  const offset = PROJECTS.indexOf(test.info().project.name);
  // Each project its own price, to find its offer among the others.
  const price = `0.0${2 + offset}`;

  // The merchant offers one product per project at a group price for two.
  let productHref = "";
  await inContext(browser, baseURL, js, async (m) => {
    await logInViaUi(m, DEMO.merchant.email, DEMO.merchant.password);
    await gotoReady(m, "/seller/promotions");
    await main(m).getByRole("link", { name: "Group buying" }).click();
    await expect(m).toHaveURL(/\/seller\/promotions\/groups/);
    await settle(m);
    // The list arrives with the page's data: wait for it before reading.
    await expect(main(m).getByLabel("Product and option").locator("option").first()).toBeAttached();
    const options = await main(m)
      .getByLabel("Product and option")
      .locator("option")
      .evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => [o.value, o.text.split(" — ")[0], o.text]));
    // One SKU per product, each with stock for the three groups.
    const seen = new Set<string>();
    const skus: string[] = [];
    for (const [value, title, text] of options) {
      const stock = Number(/\((\d+) in stock\)$/.exec(text)?.[1] ?? "0");
      if (!seen.has(title) && stock >= 5) {
        seen.add(title);
        skus.push(value);
      }
    }
    // From the end of the list, clear of the flash spec's products (from
    // the start).
    const sku = skus[skus.length - 1 - offset];
    expect(skus.length).toBeGreaterThan(10);
    expect(sku).toBeTruthy();
    await main(m).getByLabel("Product and option").selectOption(sku);
    await main(m).getByLabel("Group price (yuan)").fill(price);
    await main(m).getByLabel("Group size (people)").fill("2");
    const ends = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 16);
    await main(m).getByLabel("Ends (China time)").fill(ends);
    await main(m).getByRole("button", { name: "Create" }).click();
    await settle(m);
    const row = main(m).getByRole("row").filter({ hasText: `¥${price}` });
    await expect(row.first()).toBeVisible();
    productHref = (await row.first().getByRole("link").first().getAttribute("href")) ?? "";
  });
  expect(productHref).toMatch(/^\/p\/\d+$/);

  // The first shopper starts a group from the product page and pays.
  await shopperWithAddress(page, productHref);
  await gotoReady(page, productHref);
  const offer = main(page).getByRole("region", { name: "Group buy" });
  await expect(offer.getByText(`¥${price}`).first()).toBeVisible();
  await offer.getByRole("button", { name: /Start a group/ }).click();
  const groupPath = await payAndOpenGroup(page);
  await expect(main(page).getByText("1 of 2 joined")).toBeVisible();
  await expect(main(page).getByText("You are in this group.")).toBeVisible();
  const shared = await main(page).getByLabel("Share this link").inputValue();
  expect(shared).toContain(groupPath);

  // A friend opens the shared page, joins and pays: the group is complete.
  await inContext(browser, baseURL, js, async (friend) => {
    await shopperWithAddress(friend, productHref);
    await gotoReady(friend, groupPath);
    await friend.getByRole("button", { name: /Join group/ }).click();
    const again = await payAndOpenGroup(friend);
    expect(again).toBe(groupPath);
    await expect(main(friend).getByText("2 of 2 joined")).toBeVisible();
    await expect(main(friend).getByText(/Group complete/)).toBeVisible();
  });
  await gotoReady(page, "/orders");
  await expect(main(page).getByText("Group buy: complete").first()).toBeVisible();

  // A third shopper's group: nobody joins, its time runs out, refunded.
  await inContext(browser, baseURL, js, async (third) => {
    await shopperWithAddress(third, productHref);
    await gotoReady(third, productHref);
    await main(third).getByRole("region", { name: "Group buy" }).getByRole("button", { name: /Start a group/ }).click();
    const lonely = await payAndOpenGroup(third);
    await expect(main(third).getByText("1 of 2 joined")).toBeVisible();
    runOutTheClock(lonely);
    await expect(async () => {
      await gotoReady(third, lonely);
      await expect(main(third).getByText("did not fill in time")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await gotoReady(third, "/orders");
    const card = main(third).locator("article").first();
    await expect(card.getByText("Refunded", { exact: true })).toBeVisible();
    await expect(card.getByText("Group buy: did not fill, refunded")).toBeVisible();
  });
});
