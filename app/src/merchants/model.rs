//! Wire types of the merchants domain.

use crate::catalog::model::ListingStatus;
use serde::{Deserialize, Serialize};

/// What a shopper sees of a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopBrief {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// Whether a shop trades. Suspended shops are hidden from shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShopStatus {
    Active,
    Suspended,
}

impl ShopStatus {
    pub const fn as_db(self) -> &'static str {
        match self {
            ShopStatus::Active => "active",
            ShopStatus::Suspended => "suspended",
        }
    }

    pub fn from_db(value: &str) -> Option<ShopStatus> {
        [ShopStatus::Active, ShopStatus::Suspended]
            .into_iter()
            .find(|s| s.as_db() == value)
    }
}

/// What a person may do for a shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRole {
    Owner,
    Staff,
}

impl MemberRole {
    pub const fn as_db(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Staff => "staff",
        }
    }
}

/// One shop's products counted by listing status, and its SKUs out of
/// stock (read from the catalog).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopStockSummary {
    pub by_status: Vec<(ListingStatus, i64)>,
    pub skus_out_of_stock: i64,
}

impl ShopStockSummary {
    /// Products with this listing status.
    pub fn count(&self, status: ListingStatus) -> i64 {
        self.by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }
}

/// A shop in its merchant's seller portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerShop {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: ShopStatus,
    pub stock: ShopStockSummary,
    /// Paid orders waiting to be shipped.
    pub to_ship: i64,
    /// SKUs at or below their low-stock threshold (the emptiest few).
    pub low_stock: Vec<crate::catalog::model::InventoryLine>,
    /// The newest notifications, and how many are unread.
    pub recent: Vec<Notification>,
    pub unread: i64,
}

/// A product as its merchant sees it in the seller portal (any status).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerProduct {
    pub product_id: i64,
    pub title: String,
    pub status: ListingStatus,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub total_stock: i64,
    /// The operator's reason, for a rejected listing.
    pub rejection: Option<String>,
}

/// One shop's products, for the seller portal's Products page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProducts {
    pub shop: ShopBrief,
    /// Every shop this merchant may act for, to switch between them.
    pub shops: Vec<ShopBrief>,
    pub products: Vec<SellerProduct>,
    pub page: i64,
    pub has_more: bool,
}

/// A shop in the operator console's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleShop {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: ShopStatus,
    pub products: i64,
    /// The owner's email; `None` for a shop without an owner (seeded data).
    pub owner_email: Option<String>,
}

/// A shop's shipping rule: a flat fee per order, waived once the order's
/// items reach a threshold (if the shop sets one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRule {
    pub fee_minor: i64,
    pub free_over_minor: Option<i64>,
}

impl ShippingRule {
    /// The shipping an order with these items pays.
    pub fn fee_for(self, items_minor: i64) -> i64 {
        match self.free_over_minor {
            _ if items_minor <= 0 => 0,
            Some(threshold) if items_minor >= threshold => 0,
            _ => self.fee_minor,
        }
    }
}

#[cfg(test)]
mod shipping_tests {
    use super::*;

    #[test]
    fn shipping_is_waived_from_the_threshold_on() {
        let rule = ShippingRule {
            fee_minor: 1_000,
            free_over_minor: Some(9_900),
        };
        assert_eq!(rule.fee_for(9_899), 1_000);
        assert_eq!(rule.fee_for(9_900), 0);
        assert_eq!(rule.fee_for(0), 0);
        let flat = ShippingRule {
            fee_minor: 800,
            free_over_minor: None,
        };
        assert_eq!(flat.fee_for(1_000_000), 800);
    }
}

/// Where the application wizard's forms post (multipart: they carry files).
pub const APPLICATION_STEP_PATH: &str = "/sell/step";

/// Where a merchant application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Draft,
    UnderReview,
    ChangesRequested,
    Approved,
    Rejected,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Draft,
        ApplicationStatus::UnderReview,
        ApplicationStatus::ChangesRequested,
        ApplicationStatus::Approved,
        ApplicationStatus::Rejected,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::UnderReview => "under_review",
            ApplicationStatus::ChangesRequested => "changes_requested",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn from_db(value: &str) -> Option<ApplicationStatus> {
        Self::ALL.into_iter().find(|s| s.as_db() == value)
    }

    /// Whether the applicant is still writing it (a draft, or fixing what
    /// the operator named).
    pub fn is_open_for_applicant(self) -> bool {
        matches!(self, ApplicationStatus::Draft | ApplicationStatus::ChangesRequested)
    }
}

/// Who stands behind a shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntityType {
    Company,
    Individual,
}

impl EntityType {
    pub const fn as_db(self) -> &'static str {
        match self {
            EntityType::Company => "company",
            EntityType::Individual => "individual",
        }
    }

    pub fn from_db(value: &str) -> Option<EntityType> {
        [EntityType::Company, EntityType::Individual]
            .into_iter()
            .find(|e| e.as_db() == value)
    }
}

/// The steps of the application wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Shop,
    Entity,
    Contact,
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Shop, Step::Entity, Step::Contact, Step::Review];

    /// Its name in URLs and forms.
    pub const fn slug(self) -> &'static str {
        match self {
            Step::Shop => "shop",
            Step::Entity => "entity",
            Step::Contact => "contact",
            Step::Review => "review",
        }
    }

    pub fn from_slug(value: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.slug() == value)
    }

    pub fn next(self) -> Step {
        match self {
            Step::Shop => Step::Entity,
            Step::Entity => Step::Contact,
            Step::Contact | Step::Review => Step::Review,
        }
    }

    pub fn previous(self) -> Step {
        match self {
            Step::Shop | Step::Entity => Step::Shop,
            Step::Contact => Step::Entity,
            Step::Review => Step::Contact,
        }
    }
}

/// One field of the application, as forms, drafts, field errors and
/// operators' requests for changes name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AppField {
    ShopName,
    ShopDescription,
    MainCategory,
    Logo,
    EntityType,
    CompanyName,
    CreditCode,
    LegalRepresentative,
    BusinessLicense,
    PersonName,
    IdNumber,
    IdImage,
    SellsOtherBrand,
    BrandAuthorization,
    ContactName,
    ContactPhone,
    BankAccountName,
    BankAccountNumber,
    Agreement,
}

impl AppField {
    pub const ALL: [AppField; 19] = [
        AppField::ShopName,
        AppField::ShopDescription,
        AppField::MainCategory,
        AppField::Logo,
        AppField::EntityType,
        AppField::CompanyName,
        AppField::CreditCode,
        AppField::LegalRepresentative,
        AppField::BusinessLicense,
        AppField::PersonName,
        AppField::IdNumber,
        AppField::IdImage,
        AppField::SellsOtherBrand,
        AppField::BrandAuthorization,
        AppField::ContactName,
        AppField::ContactPhone,
        AppField::BankAccountName,
        AppField::BankAccountNumber,
        AppField::Agreement,
    ];

    /// Its name in forms and stored drafts.
    pub const fn key(self) -> &'static str {
        match self {
            AppField::ShopName => "shop_name",
            AppField::ShopDescription => "shop_description",
            AppField::MainCategory => "main_category",
            AppField::Logo => "logo",
            AppField::EntityType => "entity_type",
            AppField::CompanyName => "company_name",
            AppField::CreditCode => "credit_code",
            AppField::LegalRepresentative => "legal_representative",
            AppField::BusinessLicense => "business_license",
            AppField::PersonName => "person_name",
            AppField::IdNumber => "id_number",
            AppField::IdImage => "id_image",
            AppField::SellsOtherBrand => "sells_other_brand",
            AppField::BrandAuthorization => "brand_authorization",
            AppField::ContactName => "contact_name",
            AppField::ContactPhone => "contact_phone",
            AppField::BankAccountName => "bank_account_name",
            AppField::BankAccountNumber => "bank_account_number",
            AppField::Agreement => "agreement",
        }
    }

    pub fn from_key(key: &str) -> Option<AppField> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The wizard step that asks for it.
    pub const fn step(self) -> Step {
        match self {
            AppField::ShopName | AppField::ShopDescription | AppField::MainCategory | AppField::Logo => Step::Shop,
            AppField::ContactName
            | AppField::ContactPhone
            | AppField::BankAccountName
            | AppField::BankAccountNumber => Step::Contact,
            AppField::Agreement => Step::Review,
            _ => Step::Entity,
        }
    }

    /// A file upload (its value is a stored file's key or a document id).
    pub const fn is_file(self) -> bool {
        matches!(
            self,
            AppField::Logo | AppField::BusinessLicense | AppField::IdImage | AppField::BrandAuthorization
        )
    }

    /// A private document (shown only to its owner and to operators).
    pub const fn is_document(self) -> bool {
        self.is_file() && !matches!(self, AppField::Logo)
    }
}

/// What an applicant has typed so far, kept as typed (so nothing is lost
/// on an error); the rules in `domain` say what of it is valid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    pub entity_type: Option<EntityType>,
    pub sells_other_brand: bool,
    /// Field key → value, for every other field.
    pub values: std::collections::BTreeMap<String, String>,
}

impl ApplicationDraft {
    /// The value of a field ("" when not filled in).
    pub fn value(&self, field: AppField) -> &str {
        match field {
            AppField::EntityType => self.entity_type.map_or("", EntityType::as_db),
            AppField::SellsOtherBrand => {
                if self.sells_other_brand {
                    "1"
                } else {
                    ""
                }
            }
            _ => self.values.get(field.key()).map_or("", String::as_str),
        }
    }

    pub fn set(&mut self, field: AppField, value: String) {
        match field {
            AppField::EntityType => self.entity_type = EntityType::from_db(value.trim()),
            AppField::SellsOtherBrand => self.sells_other_brand = !value.is_empty(),
            _ if value.is_empty() => {
                self.values.remove(field.key());
            }
            _ => {
                self.values.insert(field.key().to_string(), value);
            }
        }
    }
}

/// A private document attached to an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub document_id: i64,
    pub field: AppField,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
}

impl DocumentInfo {
    /// Where its owner and operators read it.
    pub fn url(&self) -> String {
        format!("/documents/{}", self.document_id)
    }

    pub fn is_pdf(&self) -> bool {
        self.content_type == "application/pdf"
    }
}

/// One step in an application's story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationEvent {
    pub action: String,
    pub to_status: Option<ApplicationStatus>,
    pub reason: String,
    pub at_ms: i64,
}

/// An application as its applicant (or an operator) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub application_id: i64,
    pub status: ApplicationStatus,
    /// The typed values; a valid bank account number is left out (see
    /// `bank_account_saved`).
    pub draft: ApplicationDraft,
    /// The saved account number, masked.
    pub bank_account_saved: Option<String>,
    /// The fields an operator reopened (after a request for changes).
    pub reopened: Vec<AppField>,
    /// The operator's words with the last decision.
    pub reason: String,
    pub documents: Vec<DocumentInfo>,
    pub agreed_version: Option<String>,
    pub agreed_at_ms: Option<i64>,
    pub submitted_at_ms: Option<i64>,
    pub updated_at_ms: i64,
    /// The shop an approved application opened.
    pub shop_slug: Option<String>,
    pub history: Vec<ApplicationEvent>,
}

/// A main category an applicant can choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChoice {
    pub slug: String,
    pub name: crate::i18n::Localized,
}

/// Everything `/sell` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellPageData {
    /// The caller's latest application, if any.
    pub application: Option<ApplicationView>,
    pub categories: Vec<CategoryChoice>,
    /// The merchant agreement in force (its version is stored on agreement).
    pub agreement_version: String,
    /// Whether the caller already runs a shop.
    pub is_merchant: bool,
}

/// An application in the operator's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedApplication {
    pub application_id: i64,
    pub shop_name: String,
    pub entity_type: Option<EntityType>,
    pub applicant_email: String,
    pub status: ApplicationStatus,
    pub submitted_at_ms: Option<i64>,
}

/// The operator's queue of applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationQueue {
    pub status: ApplicationStatus,
    /// How many applications are in each status.
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub items: Vec<QueuedApplication>,
    pub page: i64,
    pub has_more: bool,
}

/// One application as the operator reviews it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationReview {
    pub application: ApplicationView,
    pub applicant_email: String,
    /// The full account number (operators check it against the name).
    pub bank_account_number: String,
    pub categories: Vec<CategoryChoice>,
}

/// What a shop's members are told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    ApplicationApproved,
    ListingApproved,
    ListingRejected,
    ChangeApproved,
    ChangeRejected,
    OrderPaid,
    LowStock,
    ProfileApproved,
    ProfileRejected,
    /// A shopper asked for a refund or a return.
    AfterSaleOpened,
    /// A returned item is on its way back.
    ReturnShipped,
    /// A shopper took a refused request to the platform.
    AfterSaleEscalated,
    /// The platform decided a dispute.
    DisputeDecided,
    /// The platform upheld a complaint about the shop.
    ComplaintUpheld,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 14] = [
        NotificationKind::ApplicationApproved,
        NotificationKind::ListingApproved,
        NotificationKind::ListingRejected,
        NotificationKind::ChangeApproved,
        NotificationKind::ChangeRejected,
        NotificationKind::OrderPaid,
        NotificationKind::LowStock,
        NotificationKind::ProfileApproved,
        NotificationKind::ProfileRejected,
        NotificationKind::AfterSaleOpened,
        NotificationKind::ReturnShipped,
        NotificationKind::AfterSaleEscalated,
        NotificationKind::DisputeDecided,
        NotificationKind::ComplaintUpheld,
    ];

    pub const fn as_db(self) -> &'static str {
        match self {
            NotificationKind::ApplicationApproved => "application_approved",
            NotificationKind::ListingApproved => "listing_approved",
            NotificationKind::ListingRejected => "listing_rejected",
            NotificationKind::ChangeApproved => "change_approved",
            NotificationKind::ChangeRejected => "change_rejected",
            NotificationKind::OrderPaid => "order_paid",
            NotificationKind::LowStock => "low_stock",
            NotificationKind::ProfileApproved => "profile_approved",
            NotificationKind::ProfileRejected => "profile_rejected",
            NotificationKind::AfterSaleOpened => "after_sale_opened",
            NotificationKind::ReturnShipped => "return_shipped",
            NotificationKind::AfterSaleEscalated => "after_sale_escalated",
            NotificationKind::DisputeDecided => "dispute_decided",
            NotificationKind::ComplaintUpheld => "complaint_upheld",
        }
    }

    pub fn from_db(value: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_db() == value)
    }

    /// Where its subject is seen (a product's editor, an order, the
    /// inventory).
    pub fn link(self, subject_id: i64) -> String {
        match self {
            NotificationKind::ApplicationApproved => "/seller".to_string(),
            NotificationKind::ListingApproved
            | NotificationKind::ListingRejected
            | NotificationKind::ChangeApproved
            | NotificationKind::ChangeRejected => format!("/seller/products/{subject_id}"),
            NotificationKind::OrderPaid => "/seller/orders".to_string(),
            NotificationKind::LowStock => "/seller/inventory?low=true".to_string(),
            NotificationKind::ProfileApproved | NotificationKind::ProfileRejected => {
                format!("/seller/profile?shop={subject_id}")
            }
            NotificationKind::AfterSaleOpened
            | NotificationKind::ReturnShipped
            | NotificationKind::AfterSaleEscalated
            | NotificationKind::DisputeDecided => "/seller/after-sales".to_string(),
            NotificationKind::ComplaintUpheld => format!("/seller/orders?status=all#order-{subject_id}"),
        }
    }
}

/// One notification of a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub notification_id: i64,
    pub kind: NotificationKind,
    pub subject_id: i64,
    pub subject_text: String,
    pub reason: String,
    pub unread: bool,
    pub at_ms: i64,
}

/// A shop's notifications, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub shop_id: i64,
    pub items: Vec<Notification>,
    pub unread: i64,
    pub older_than: Option<i64>,
}

/// A person who acts for a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopMember {
    pub user_id: i64,
    pub email: String,
    pub role: MemberRole,
    pub since_ms: i64,
}

/// A shop's members, and whether the caller may manage them (owners).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersPage {
    pub shop_id: i64,
    pub shop_name: String,
    pub members: Vec<ShopMember>,
    pub caller_is_owner: bool,
}

/// A shop's name and logo as a change would make them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChange {
    pub change_id: i64,
    pub shop_id: i64,
    pub name: String,
    pub logo_url: Option<String>,
    pub since_ms: i64,
}

/// A shop's profile as its members edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProfile {
    pub shop_id: i64,
    pub name: String,
    pub description: String,
    pub logo_url: Option<String>,
    /// A change of name or logo waiting for an operator.
    pub pending: Option<ProfileChange>,
    /// Why the last change was refused, if it was.
    pub last_rejection: Option<String>,
}

/// A change waiting in the operator's Shops page, beside what it replaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedProfileChange {
    pub change: ProfileChange,
    pub current_name: String,
    pub current_logo_url: Option<String>,
}
