//! The demo's after-sales: a return waiting for the demo shop's answer on
//! the delivered order, and a refused request the shopper took to the
//! platform on the completed one (a dispute in the operator's queue).

use app::aftersales::domain::AfterSaleAction;
use app::aftersales::service::{self as aftersales, Typed};
use app::server::{now_ms, AppState};

/// The demo shopper's first order in `status`: (order, its first line).
async fn line_in(state: &AppState, shopper: i64, status: &str) -> anyhow::Result<(i64, i64)> {
    let mut conn = state.db.read().await?;
    let orders =
        app::orders::service::shopper_orders(&mut conn, shopper, app::orders::model::OrderStatus::from_db(status), 1)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let order = orders
        .orders
        .first()
        .ok_or_else(|| anyhow::anyhow!("the demo shopper has no {status} order"))?;
    let line = order
        .lines
        .first()
        .ok_or_else(|| anyhow::anyhow!("a demo order without lines"))?;
    Ok((order.order_id, line.order_line_id))
}

async fn ask(state: &AppState, shopper: i64, line: i64, kind: &str, reason: &str, words: &str) -> anyhow::Result<i64> {
    let now = now_ms();
    let mut conn = state.db.read().await?;
    let money = app::orders::service::money_line(&mut conn, line)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .ok_or_else(|| anyhow::anyhow!("no demo line {line}"))?;
    let paid = money.line_total_minor - money.shop_discount_minor - money.platform_discount_minor;
    let typed = Typed {
        order_line_id: line,
        kind: kind.into(),
        reason: reason.into(),
        description: words.into(),
        amount: format!("{}.{:02}", paid / 100, paid % 100),
    };
    let checked = aftersales::check(&mut conn, &state.config, shopper, &typed, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo request: {e:?}"))?;
    drop(conn);
    let mut tx = state.db.begin_write().await?;
    let id = aftersales::submit(&mut tx, &state.config, shopper, checked, &[], now)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tx.commit().await?;
    Ok(id)
}

pub async fn seed_after_sales(state: &AppState, shopper: i64, merchant: i64, shop_id: i64) -> anyhow::Result<()> {
    let (_, delivered_line) = line_in(state, shopper, "delivered").await?;
    ask(
        state,
        shopper,
        delivered_line,
        "return",
        "not_as_described",
        "The colour is much darker than in the photos. 颜色比图片深很多。",
    )
    .await?;
    let (_, completed_line) = line_in(state, shopper, "completed").await?;
    let id = ask(
        state,
        shopper,
        completed_line,
        "refund",
        "quality",
        "A seam came apart after two days. 穿了两天就开线了。",
    )
    .await?;
    let mut tx = state.db.begin_write().await?;
    let now = now_ms();
    aftersales::by_shop(
        &mut tx,
        &state.config,
        merchant,
        &[shop_id],
        id,
        AfterSaleAction::Refuse,
        "Worn and washed: not a fault of the item. 已穿着洗涤，非质量问题。",
        "",
        false,
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    aftersales::by_shopper(
        &mut tx,
        &state.config,
        shopper,
        id,
        AfterSaleAction::Escalate,
        "",
        "",
        "It was washed once, by hand, as the label says. 按标签手洗过一次。",
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tx.commit().await?;
    Ok(())
}
