-- throttles: one row per counted attempt (log-in, registration, reset
-- request, guest cart), by subject ('login:acct-addr:<email>|<ip>', ...).
-- Counted before the expensive work, in the database so that every server
-- sees the same counts. Replaces login_attempt, which held failures only
-- and was written after the password was verified.
create table throttle_event (
    event_id integer primary key,
    subject text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index throttle_event_by_subject on throttle_event (subject, created_at);
drop table login_attempt;

-- accounts: browsers that have logged in to an account (a random token in
-- a cookie, stored hashed). When an account is under a spread-out guessing
-- attack its account-wide throttle closes, but not for these browsers, so
-- the owner is never locked out by a stranger who knows the email.
create table known_device (
    device_hash text primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null
);
create index known_device_by_user on known_device (user_id);

-- cart: guest carts idle for 30 days are deleted by housekeeping.
create index cart_guest_by_updated on cart (updated_at) where user_id is null;
