//! The words of after-sales pages.

use super::model::{AfterSaleKind, AfterSaleStatus, ComplaintKind, ComplaintStatus, Reason};
use crate::i18n::messages;

messages! {
    /// What the after-sales pages say.
    pub enum AfterSalesMsg {
        AfterSales => "After-sales", "售后";
        RequestRefund => "Request refund", "仅退款";
        ReturnAndRefund => "Return and refund", "退货退款";
        Reason => "Reason", "原因";
        ChooseReason => "Choose a reason…", "请选择原因…";
        Description => "Description", "问题描述";
        DescriptionHint => "What is wrong, in a few words (not needed for a no-reason return).", "简要说明问题（七天无理由退货可不填）。";
        Amount => "Amount", "退款金额";
        AmountHint { max: i64 } => format!("In yuan, at most {} (what was paid for this item).", crate::i18n::format_fen(max)), format!("以元为单位，最多 {}（该商品实付金额）。", crate::i18n::format_fen(max));
        Photos => "Photos", "图片凭证";
        PhotosHint => "Up to 6 photos (JPEG, PNG or WebP, up to 5 MB each).", "最多 6 张（JPEG、PNG 或 WebP，每张不超过 5 MB）。";
        Paid => "Paid for this item", "该商品实付";
        NoReasonUntil { until: i64 } => format!("7-day no-reason returns until {}", crate::orders::components::china_time(until)), format!("支持七天无理由退货，截至 {}", crate::orders::components::china_time(until));
        NoReasonEnded => "The 7 days for no-reason returns have passed", "七天无理由退货期已过";
        NoReasonExcluded => "This item does not qualify for 7-day no-reason returns", "该商品不支持七天无理由退货";
        RequestsUntil { until: i64 } => format!("After-sales requests until {}", crate::orders::components::china_time(until)), format!("售后申请截至 {}", crate::orders::components::china_time(until));
        BackToOrder => "Back to the order", "返回订单";
        YourRequests => "After-sales requests", "售后申请";
        Request { id: i64 } => format!("Request {id}"), format!("售后单 {id}");
        AmountAsked => "Amount asked", "申请金额";
        RefundedAmount => "Refunded", "已退款";
        Deadline => "Deadline", "处理时限";
        ShopAnswersBy { at: i64 } => format!("The shop answers by {}, or it is agreed automatically.", crate::orders::components::china_time(at)), format!("店铺须在 {} 前处理，逾期将自动同意。", crate::orders::components::china_time(at));
        ShipBackBy { at: i64 } => format!("Send the item back by {}, or the request closes.", crate::orders::components::china_time(at)), format!("请在 {} 前寄回商品，逾期申请将关闭。", crate::orders::components::china_time(at));
        ConfirmBy { at: i64 } => format!("Refunded automatically on {} unless the shop confirms earlier.", crate::orders::components::china_time(at)), format!("若店铺未提前确认，将于 {} 自动退款。", crate::orders::components::china_time(at));
        ReturnAddress => "Return address", "退货地址";
        ReturnAddressUnknown => "The shop has not given a return address yet. Ask the shop before you send the item.", "店铺尚未提供退货地址，寄回前请先联系店铺。";
        ShipReturn => "Ship return", "寄回商品";
        Carrier => "Carrier", "快递公司";
        ChooseCarrier => "Choose…", "请选择…";
        TrackingNumber => "Tracking number", "运单号";
        Escalate => "Escalate to the platform", "申请平台介入";
        Statement => "What you want the platform to know", "向平台说明";
        Withdraw => "Withdraw request", "撤销申请";
        ShopSaid => "The shop said", "店铺说明";
        PlatformDecided => "The platform decided", "平台裁决";
        RefundSplit { shop: i64, platform: i64 } => format!("Paid by the shop: {}, of which {} returns the platform's discount", crate::i18n::format_fen(shop), crate::i18n::format_fen(platform)), format!("由店铺承担 {}，其中 {} 退还平台优惠", crate::i18n::format_fen(shop), crate::i18n::format_fen(platform));
        Agree => "Agree", "同意";
        Refuse => "Refuse", "拒绝";
        RefuseReason => "Reason", "拒绝原因";
        ConfirmReturn => "Confirm return received", "确认收到退货";
        Restock => "Put the item back in stock", "商品重新入库";
        Open => "Open", "处理中";
        Finished => "Finished", "已结束";
        NoRequests => "No requests here.", "这里没有售后申请。";
        Figures => "Service figures", "服务指标";
        DeliveredOrders => "Delivered orders", "已送达订单";
        RequestsCount => "Requests", "售后申请";
        RefundRate => "Refund rate", "退款率";
        DisputeRate => "Dispute rate", "纠纷率";
        ComplaintsUpheld => "Complaints upheld", "投诉成立";
        Buyer => "Order", "订单";
        Disputes => "Disputes", "纠纷仲裁";
        NoDisputes => "No disputes wait for a decision.", "暂无待裁决的纠纷。";
        Evidence => "Evidence", "双方凭证";
        ShopperSaid => "The shopper said", "买家说明";
        ApproveRefund => "Approve refund", "同意退款";
        RejectRequest => "Reject request", "驳回申请";
        DecisionReason => "Reason", "裁决理由";
        Complaints => "Complaints", "投诉";
        NoComplaints => "No complaints here.", "这里没有投诉。";
        ComplainAboutShop => "Complain about the shop", "投诉店铺";
        ComplaintKind => "Type", "投诉类型";
        ChooseKind => "Choose…", "请选择…";
        SubmitComplaint => "Submit complaint", "提交投诉";
        YourComplaints => "Complaints", "投诉";
        Approve => "Approve", "成立";
        Reject => "Reject", "驳回";
        Shop => "Shop", "店铺";
        Timeline => "Progress", "进度";
        KindRefund => "Refund only", "仅退款";
        KindReturn => "Return and refund", "退货退款";
        ReasonNoReason => "No longer wanted (7-day no-reason return)", "不想要了（七天无理由退货）";
        ReasonNotReceived => "Not received", "未收到货";
        ReasonDamaged => "Arrived damaged", "商品破损";
        ReasonNotAsDescribed => "Not as described", "与描述不符";
        ReasonWrongItem => "Wrong item sent", "发错货";
        ReasonQuality => "Quality problem", "质量问题";
        ReasonMissingParts => "Missing parts", "少件/漏发";
        ReasonOther => "Other", "其他";
        StatusAwaitingSeller => "Awaiting seller", "待商家处理";
        StatusAgreed => "Agreed", "商家已同意";
        StatusRefused => "Refused", "商家已拒绝";
        StatusReturning => "Returning", "退货中";
        StatusRefunded => "Refunded", "已退款";
        StatusClosed => "Closed", "已关闭";
        StatusUnderArbitration => "Under arbitration", "平台介入中";
        ComplaintOpen => "Being looked into", "处理中";
        ComplaintUpheld => "Upheld", "投诉成立";
        ComplaintDismissed => "Dismissed", "投诉不成立";
        KindCounterfeit => "Counterfeit goods", "假冒商品";
        KindWrongItem => "Wrong item", "发错货";
        KindRudeService => "Rude service", "服务态度差";
        KindOtherComplaint => "Something else", "其他";
        StepRequested => "Request made", "提交申请";
        StepAgreed => "The shop agreed", "商家同意";
        StepAutoAgreed => "Agreed automatically: the shop did not answer in time", "商家超时未处理，已自动同意";
        StepRefused => "The shop refused", "商家拒绝";
        StepReturnShipped => "Item sent back", "已寄回商品";
        StepReturnDelivered => "The parcel reached the shop", "退货已送达店铺";
        StepReturnReceived => "The shop confirmed the return", "商家确认收到退货";
        StepAutoRefunded => "Refunded automatically: the shop did not confirm in time", "商家超时未确认，已自动退款";
        StepEscalated => "Taken to the platform", "已申请平台介入";
        StepWithdrawn => "Withdrawn", "已撤销";
        StepDecidedRefund => "The platform decided: refund", "平台裁决：退款";
        StepDecidedClose => "The platform decided: closed", "平台裁决：关闭";
        StepReturnNotShipped => "Closed: the item was not sent back in time", "买家超时未寄回，已关闭";
        StepOther => "Updated", "已更新";
    }
}

pub fn status_msg(status: AfterSaleStatus) -> AfterSalesMsg {
    match status {
        AfterSaleStatus::AwaitingSeller => AfterSalesMsg::StatusAwaitingSeller,
        AfterSaleStatus::Agreed => AfterSalesMsg::StatusAgreed,
        AfterSaleStatus::Refused => AfterSalesMsg::StatusRefused,
        AfterSaleStatus::Returning => AfterSalesMsg::StatusReturning,
        AfterSaleStatus::Refunded => AfterSalesMsg::StatusRefunded,
        AfterSaleStatus::Closed => AfterSalesMsg::StatusClosed,
        AfterSaleStatus::UnderArbitration => AfterSalesMsg::StatusUnderArbitration,
    }
}

pub fn kind_msg(kind: AfterSaleKind) -> AfterSalesMsg {
    match kind {
        AfterSaleKind::Refund => AfterSalesMsg::KindRefund,
        AfterSaleKind::Return => AfterSalesMsg::KindReturn,
    }
}

pub fn reason_msg(reason: Reason) -> AfterSalesMsg {
    match reason {
        Reason::NoReason => AfterSalesMsg::ReasonNoReason,
        Reason::NotReceived => AfterSalesMsg::ReasonNotReceived,
        Reason::Damaged => AfterSalesMsg::ReasonDamaged,
        Reason::NotAsDescribed => AfterSalesMsg::ReasonNotAsDescribed,
        Reason::WrongItem => AfterSalesMsg::ReasonWrongItem,
        Reason::Quality => AfterSalesMsg::ReasonQuality,
        Reason::MissingParts => AfterSalesMsg::ReasonMissingParts,
        Reason::Other => AfterSalesMsg::ReasonOther,
    }
}

pub fn complaint_kind_msg(kind: ComplaintKind) -> AfterSalesMsg {
    match kind {
        ComplaintKind::Counterfeit => AfterSalesMsg::KindCounterfeit,
        ComplaintKind::WrongItem => AfterSalesMsg::KindWrongItem,
        ComplaintKind::RudeService => AfterSalesMsg::KindRudeService,
        ComplaintKind::Other => AfterSalesMsg::KindOtherComplaint,
    }
}

pub fn complaint_status_msg(status: ComplaintStatus) -> AfterSalesMsg {
    match status {
        ComplaintStatus::Open => AfterSalesMsg::ComplaintOpen,
        ComplaintStatus::Upheld => AfterSalesMsg::ComplaintUpheld,
        ComplaintStatus::Dismissed => AfterSalesMsg::ComplaintDismissed,
    }
}

/// A step of a request's timeline in words, from the audit log's action.
pub fn step_msg(action: &str) -> AfterSalesMsg {
    match action {
        "requested" => AfterSalesMsg::StepRequested,
        "agreed" => AfterSalesMsg::StepAgreed,
        "auto_agreed" => AfterSalesMsg::StepAutoAgreed,
        "refused" => AfterSalesMsg::StepRefused,
        "return_shipped" => AfterSalesMsg::StepReturnShipped,
        "return_delivered" => AfterSalesMsg::StepReturnDelivered,
        "return_received" => AfterSalesMsg::StepReturnReceived,
        "auto_refunded" => AfterSalesMsg::StepAutoRefunded,
        "escalated" => AfterSalesMsg::StepEscalated,
        "withdrawn" => AfterSalesMsg::StepWithdrawn,
        "decided_refund" => AfterSalesMsg::StepDecidedRefund,
        "decided_close" => AfterSalesMsg::StepDecidedClose,
        "return_not_shipped" => AfterSalesMsg::StepReturnNotShipped,
        _ => AfterSalesMsg::StepOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&AfterSalesMsg::samples());
    }

    #[test]
    fn statuses_read_as_the_contract_names_them() {
        let words: Vec<_> = AfterSaleStatus::ALL
            .iter()
            .map(|s| status_msg(*s).text(Locale::En).into_owned())
            .collect();
        assert_eq!(
            words,
            [
                "Awaiting seller",
                "Agreed",
                "Refused",
                "Returning",
                "Refunded",
                "Closed",
                "Under arbitration"
            ]
        );
    }
}
