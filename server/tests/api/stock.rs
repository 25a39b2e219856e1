//! Concurrency on one SKU's stock: read-then-write transactions never
//! oversell, never go below zero, and never fail with "database is locked".

use crate::common;

use app::error::ErrorCode;
use common::spawn_app;

async fn seeded_sku(app: &common::TestApp, stock: i64) -> i64 {
    common::ProductBuilder::new("Tea").stock(&[stock]).create(app).await.1[0]
}

async fn stock_of(app: &common::TestApp, sku: i64) -> Option<i64> {
    let mut conn = app.state.db.read().await.unwrap();
    app::catalog::service::stocks(&mut conn, &[sku])
        .await
        .unwrap()
        .get(&sku)
        .copied()
}

async fn race(app: &common::TestApp, sku: i64, buyers: usize) -> (usize, usize) {
    let mut tasks = Vec::new();
    for _ in 0..buyers {
        let db = app.state.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin_write().await.expect("tx");
            let left = app::catalog::service::take_stock(&mut tx, sku, 1, 19_900).await?;
            tx.commit().await.expect("commit");
            Ok::<_, app::error::AppError>(left)
        }));
    }
    let (mut sold, mut sold_out) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => sold += 1,
            Err(e) if e.code == ErrorCode::SoldOut => sold_out += 1,
            Err(e) => panic!("unexpected failure (locked database?): {e:?}"),
        }
    }
    (sold, sold_out)
}

db_test!(thirty_two_concurrent_buyers_end_at_exactly_the_expected_stock, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 100).await;
    let (sold, sold_out) = race(&app, sku, 32).await;
    assert_eq!((sold, sold_out), (32, 0));
    assert_eq!(stock_of(&app, sku).await, Some(68));
    app.stop().await;
});

db_test!(concurrent_buyers_never_oversell_the_last_units, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 20).await;
    let (sold, sold_out) = race(&app, sku, 32).await;
    assert_eq!((sold, sold_out), (20, 12));
    assert_eq!(stock_of(&app, sku).await, Some(0));
    app.stop().await;
});

db_test!(stock_cannot_go_below_zero_even_by_a_direct_write, |db| {
    let app = spawn_app(db).await;
    let sku = seeded_sku(&app, 1).await;
    let err = sqlx::query("update sku set stock = -1 where sku_id = $1")
        .bind(sku)
        .execute(app.state.db.pool())
        .await;
    assert!(err.is_err(), "the check constraint holds");
    app.stop().await;
});

db_test!(
    a_stock_decrement_and_a_cart_removal_in_one_transaction_are_undone_or_kept_together,
    |db| {
        use app::cart::domain::Quantity;
        use app::cart::service::{self as cart, CartOwner};
        let app = spawn_app(db).await;
        let (_, [red, _]) = common::seed_product(&app, "Atomic Buds", [10, 10]).await;
        let user = app::accounts::service::create_user(
            &app.state.db,
            &app.state.hashing,
            &common::unique_email("atomic"),
            "Atomic",
            common::GOOD_PASSWORD,
        )
        .await
        .unwrap();
        let owner = CartOwner::User(user);
        let mut tx = app.state.db.begin_write().await.unwrap();
        cart::add(&mut tx, &owner, red, Quantity::parse("2").unwrap())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let cart_lines = |app: &common::TestApp| {
            let (db, owner) = (app.state.db.clone(), owner.clone());
            async move {
                let view = cart::view(&mut db.read().await.unwrap(), &owner).await.unwrap();
                view.groups
                    .iter()
                    .flat_map(|g| g.lines.iter().map(|l| (l.sku_id, l.quantity)))
                    .collect::<Vec<_>>()
            }
        };

        // Both changes, then a rollback: neither happened.
        let mut tx = app.state.db.begin_write().await.unwrap();
        assert_eq!(
            app::catalog::service::take_stock(&mut tx, red, 3, 19_900)
                .await
                .unwrap(),
            7
        );
        assert_eq!(cart::remove(&mut tx, &owner, red).await.unwrap(), 0);
        tx.rollback().await.unwrap();
        assert_eq!(stock_of(&app, red).await, Some(10));
        assert_eq!(cart_lines(&app).await, vec![(red, 2)]);

        // The same two changes, committed: both happened.
        let mut tx = app.state.db.begin_write().await.unwrap();
        app::catalog::service::take_stock(&mut tx, red, 3, 19_900)
            .await
            .unwrap();
        cart::remove(&mut tx, &owner, red).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(stock_of(&app, red).await, Some(7));
        assert_eq!(cart_lines(&app).await, vec![]);
        app.stop().await;
    }
);

db_test!(a_transaction_given_up_in_a_deadlock_is_told_busy_not_broken, |db| {
    let app = spawn_app(db).await;
    if app.state.db.dialect() == app::server::Dialect::Sqlite {
        // One writer at a time: two transactions never hold rows at once.
        app.stop().await;
        return;
    }
    let (a, b) = (seeded_sku(&app, 5).await, seeded_sku(&app, 5).await);
    let mut one = app.state.db.begin_write().await.expect("one");
    let mut two = app.state.db.begin_write().await.expect("two");
    app::catalog::service::restore_stock(&mut one, a, 1)
        .await
        .expect("one a");
    app::catalog::service::restore_stock(&mut two, b, 1)
        .await
        .expect("two b");
    // Each now waits on the other's row: PostgreSQL gives one of them up.
    let (x, y) = tokio::join!(
        app::catalog::service::restore_stock(&mut one, b, 1),
        app::catalog::service::restore_stock(&mut two, a, 1),
    );
    let given_up: Vec<ErrorCode> = [x, y].into_iter().filter_map(|r| r.err().map(|e| e.code)).collect();
    assert_eq!(
        given_up,
        vec![ErrorCode::Busy],
        "told to try again, not an internal error"
    );
    drop((one, two));
    assert_eq!((stock_of(&app, a).await, stock_of(&app, b).await), (Some(5), Some(5)));
    app.stop().await;
});
