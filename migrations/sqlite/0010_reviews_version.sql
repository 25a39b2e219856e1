-- A product's reviews section, versioned: every change it shows (a review
-- published or withdrawn, a vote, a reply, a follow-up) counts it up in the
-- same transaction, so a server's rendered copy of the section is current
-- exactly when its version is the product's (read with the product).
alter table product add column reviews_version bigint not null default 0;
