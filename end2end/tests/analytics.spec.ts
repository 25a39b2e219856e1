import { type Locator, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { DEMO, expect, gotoReady, jsOn, logInViaUi, newContext, newUser, registerViaUi, settle, test } from "./helpers";
import { addAddress, main, payWith } from "./buying";

// Analytics, end to end, on a phone and a desktop, with JavaScript on and
// off: a new shopper views a product of the demo shop twice, adds it to the
// cart, orders, pays and cancels for a refund; the demo merchant's
// dashboard for today then counts them in its figures and in every step of
// its funnel; the daily chart has its table; Export CSV downloads.
//
// Other tests buy from the same shop at the same time, so every figure is
// checked to have grown by at least this journey's part.

const DASHBOARD = "/seller/analytics?period=today";

/** Fen from "¥1,234.50". */
function fenOf(text: string): number {
  const match = /(-?)¥([\d,]+)\.(\d{2})/.exec(text);
  expect(match, `an amount in "${text}"`).not.toBeNull();
  const fen = Number(match![2].replace(/,/g, "")) * 100 + Number(match![3]);
  return match![1] === "-" ? -fen : fen;
}

function section(page: Page, heading: string): Locator {
  return main(page).getByRole("region", { name: heading, exact: true });
}

/** This period's cell of an overview row. */
async function overviewCell(page: Page, figure: string): Promise<string> {
  const row = section(page, "Overview").getByRole("row").filter({ has: page.getByRole("rowheader", { name: figure, exact: true }) });
  return ((await row.getByRole("cell").first().textContent()) ?? "").trim();
}

interface Figures {
  visitors: number;
  carted: number;
  ordered: number;
  paid: number;
  paidOrders: number;
  refunded: number;
}

async function readFigures(page: Page): Promise<Figures> {
  const funnel = main(page).getByRole("figure", { name: "Funnel" }).locator("table");
  const step = async (name: string) => {
    const row = funnel.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
    return Number(((await row.getByRole("cell").first().textContent()) ?? "").trim());
  };
  return {
    visitors: await step("Visitors"),
    carted: await step("Added to cart"),
    ordered: await step("Ordered"),
    paid: await step("Paid"),
    paidOrders: Number(await overviewCell(page, "Paid orders")),
    refunded: fenOf(await overviewCell(page, "Refunded")),
  };
}

/** This project's place among the configured ones (0 when not found). */
function projectIndex(): number {
  const info = test.info();
  return Math.max(0, info.config.projects.findIndex((p) => p.name === info.project.name));
}

test("a shopper's views, cart, order, payment and refund show in the merchant's figures, funnel, chart and CSV", async ({
  page,
  browser,
  baseURL,
  js,
}) => {
  test.setTimeout(180_000);
  const merchantContext = await newContext(browser, { baseURL, javaScriptEnabled: js });
  const merchant = await merchantContext.newPage();
  try {
    let before: Figures = { visitors: 0, carted: 0, ordered: 0, paid: 0, paidOrders: 0, refunded: 0 };
    await test.step("the merchant reads today's figures", async () => {
      await logInViaUi(merchant, DEMO.merchant.email, DEMO.merchant.password);
      await gotoReady(merchant, DASHBOARD);
      await expect(merchant.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
      await expect(main(merchant).getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
      before = await readFigures(merchant);
    });

    let paidFen = 0;
    await test.step("a new shopper views an item twice, buys it, pays and cancels for a refund", async () => {
      await registerViaUi(page, newUser());
      await gotoReady(page, "/s/harbor-digital");
      const hrefs = await main(page)
        .locator('a[href^="/p/"]')
        .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))].filter((h) => /^\/p\/\d+$/.test(h)));
      expect(hrefs.length).toBeGreaterThan(0);
      const start = (projectIndex() * 3 + 1) % hrefs.length;
      let added = false;
      for (const href of [...hrefs.slice(start), ...hrefs.slice(0, start)]) {
        await gotoReady(page, href);
        const add = main(page).getByRole("button", { name: "Add to cart" });
        if ((await add.count()) === 0 || (await add.isDisabled())) continue;
        await gotoReady(page, href);
        await main(page).getByRole("button", { name: "Add to cart" }).click();
        if (jsOn(page)) {
          await expect(main(page).getByText("Added to cart.")).toBeVisible();
        } else {
          await expect(page).toHaveURL(/\/cart$/);
        }
        added = true;
        break;
      }
      expect(added, "an item of the demo shop could be added").toBe(true);
      await gotoReady(page, "/checkout");
      await addAddress(page);
      await main(page).getByRole("button", { name: "Place order" }).click();
      await expect(page).toHaveURL(/\/pay\/\d+$/);
      await settle(page);
      await payWith(page, "4242 4242 4242 4242");
      await expect(main(page).getByRole("heading", { name: "Payment successful" })).toBeVisible();
      await gotoReady(page, "/orders");
      const orderLink = main(page).locator("article").first().getByRole("link", { name: /^Order \d+$/ });
      const orderId = ((await orderLink.textContent()) ?? "").replace(/\D/g, "");
      await gotoReady(page, `/orders/${orderId}`);
      paidFen = fenOf((await main(page).locator(".money-rows__total dd").first().textContent()) ?? "");
      await main(page).getByRole("button", { name: "Cancel order and refund" }).click();
      await settle(page);
      await expect(main(page).locator(".order-head").getByText("Cancelled", { exact: true })).toBeVisible();
    });

    await test.step("the dashboard counts them (events are written within a second)", async () => {
      await expect
        .poll(
          async () => {
            await gotoReady(merchant, DASHBOARD);
            const now = await readFigures(merchant);
            return [
              now.visitors - before.visitors >= 1,
              now.carted - before.carted >= 1,
              now.ordered - before.ordered >= 1,
              now.paid - before.paid >= 1,
              now.paidOrders - before.paidOrders >= 1,
              now.refunded - before.refunded >= paidFen,
            ];
          },
          { timeout: 20_000, intervals: [500, 1000, 2000] },
        )
        .toEqual([true, true, true, true, true, true]);
      await expect(section(merchant, "Overview").getByRole("rowheader", { name: "Refund rate" })).toBeVisible();
    });

    await test.step("the daily chart has its table, and its CSV downloads", async () => {
      const chart = main(merchant).getByRole("figure", { name: "Paid GMV by day" });
      await expect(chart.getByRole("img")).toBeVisible();
      // Today only: one row, today's date (China time).
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      await expect(chart.locator("table tbody tr")).toHaveCount(1);
      await expect(chart.locator("table tbody tr th")).toHaveText(today);
      const [download] = await Promise.all([
        merchant.waitForEvent("download"),
        chart.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^shop-\d+-daily-.*\.csv$/);
      const csv = await readFile(await download.path(), "utf8");
      expect(csv).toContain("day,paid_gmv_yuan,paid_orders,visitors");
      expect(csv).toContain(today);

      const [overview] = await Promise.all([
        merchant.waitForEvent("download"),
        section(merchant, "Overview").getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(await readFile(await overview.path(), "utf8")).toContain("Paid orders,");
    });
  } finally {
    await merchantContext.close();
  }
});
