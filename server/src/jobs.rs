//! The background job runner: every second it claims due jobs (with a
//! lease, so each runs once however many servers share the database) and
//! hands each to the domain that owns it. A job that fails is retried
//! with a growing pause; one that is not due yet is put back for later.

use app::orders::service::{self as orders, JobOutcome};
use app::payments::service as payments;
use app::server::{jobs, now_ms, AppState};
use std::time::Duration;

/// Jobs claimed per round (each is short; a round stays far inside the lease).
const BATCH: i64 = 20;

/// Runs one job; `Later(t)` puts it back to run at `t`.
async fn run(state: &AppState, job: &jobs::Job) -> Result<JobOutcome, app::error::AppError> {
    let now = now_ms();
    match job.kind.as_str() {
        orders::EXPIRE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let outcome = orders::expire_if_unpaid(&mut tx, &state.config, job.subject_id, now).await?;
            if outcome == JobOutcome::Done {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(outcome)
        }
        orders::COMPLETE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let outcome = orders::complete_if_delivered(&mut tx, &state.config, job.subject_id).await?;
            jobs::finish(&mut tx, job.job_id).await?;
            tx.commit().await?;
            Ok(outcome)
        }
        payments::REFUND_JOB => {
            let outcome = payments::send_refund(state, job.subject_id).await?;
            let mut tx = state.db.begin_write().await?;
            jobs::finish(&mut tx, job.job_id).await?;
            tx.commit().await?;
            Ok(outcome)
        }
        app::promotions::flash::FLASH_EDGE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let next = app::promotions::flash::at_edge(&mut tx, job.subject_id, now).await?;
            if next.is_none() {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(next.map_or(JobOutcome::Done, JobOutcome::Later))
        }
        app::promotions::group::GROUP_EXPIRE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let outcome = app::promotions::group::expire(&mut tx, &state.config, job.subject_id, now).await?;
            if outcome == JobOutcome::Done {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(outcome)
        }
        app::promotions::group::GROUP_OFFER_EDGE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let next = app::promotions::group::at_edge(&mut tx, job.subject_id, now).await?;
            if next.is_none() {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(next.map_or(JobOutcome::Done, JobOutcome::Later))
        }
        app::promotions::service::EDGE_JOB => {
            let mut tx = state.db.begin_write().await?;
            let next = app::promotions::service::at_edge(&mut tx, job.subject_id, now).await?;
            if next.is_none() {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(next.map_or(JobOutcome::Done, JobOutcome::Later))
        }
        app::aftersales::service::RESPOND_JOB
        | app::aftersales::service::CONFIRM_JOB
        | app::aftersales::service::SHIP_BACK_JOB => {
            let mut tx = state.db.begin_write().await?;
            let outcome =
                app::aftersales::service::on_timer(&mut tx, &state.config, &job.kind, job.subject_id, now).await?;
            if outcome == JobOutcome::Done {
                jobs::finish(&mut tx, job.job_id).await?;
            }
            tx.commit().await?;
            Ok(outcome)
        }
        other => {
            tracing::error!(kind = other, job_id = job.job_id, "unknown job kind; dropping it");
            let mut tx = state.db.begin_write().await?;
            jobs::finish(&mut tx, job.job_id).await?;
            tx.commit().await?;
            Ok(JobOutcome::Done)
        }
    }
}

/// Claims and runs the jobs due now; returns how many ran to completion.
/// (The runner calls it every second; tests call it directly.)
pub async fn run_due_jobs(state: &AppState) -> anyhow::Result<usize> {
    let now = now_ms();
    let claimed = jobs::claim_due(&state.db, now, BATCH).await?;
    let mut done = 0;
    for job in &claimed {
        match run(state, job).await {
            Ok(JobOutcome::Done) => done += 1,
            Ok(JobOutcome::Later(at)) => {
                jobs::retry_later(&state.db, job.job_id, at, None, now_ms()).await?;
            }
            Err(e) => {
                // 1 s, 2 s, 4 s … up to ten minutes between tries. A job that
                // keeps failing (a refund the provider refuses) is money or
                // stock someone is owed: it is never dropped, and it says so.
                let pause = 1000i64 << job.attempts.clamp(0, 10);
                if job.attempts >= 10 {
                    tracing::error!(kind = %job.kind, subject = job.subject_id, attempts = job.attempts, code = ?e.code, "job keeps failing; it needs a person");
                } else {
                    tracing::warn!(kind = %job.kind, subject = job.subject_id, code = ?e.code, "job failed; retrying later");
                }
                jobs::retry_later(
                    &state.db,
                    job.job_id,
                    now_ms() + pause.min(600_000),
                    Some(&format!("{:?}", e.code)),
                    now_ms(),
                )
                .await?;
            }
        }
    }
    Ok(done)
}

/// Runs due jobs every second until the process ends.
pub fn spawn_job_runner(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_due_jobs(&state).await {
                tracing::warn!(error = %e, "job runner round failed");
            }
        }
    })
}
