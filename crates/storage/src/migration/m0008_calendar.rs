//! The working calendar that time limits are counted on: days overriding the weekday rule
//! (public holidays on weekdays, weekend days made working days) and the working hours of a
//! working day. Seeded with the 2026 national schedule; `calendar.manage` reaches the
//! built-in roles.

use super::schema::{col, t};
use chrono::NaiveDate;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_calendar"
    }
}

/// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): ranges of days off, each with the
/// festival's name, and the weekend days worked in exchange (调休上班).
const HOLIDAYS_2026: [(&str, &str, &str); 7] = [
    // 元旦：1月1日（周四）至3日（周六）放假调休，共3天。
    ("2026-01-01", "2026-01-03", "元旦"),
    // 春节：2月15日（腊月二十八、周日）至23日（正月初七、周一）放假调休，共9天。
    ("2026-02-15", "2026-02-23", "春节"),
    // 清明节：4月4日（周六）至6日（周一）放假，共3天。
    ("2026-04-04", "2026-04-06", "清明节"),
    // 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
    ("2026-05-01", "2026-05-05", "劳动节"),
    // 端午节：6月19日（周五）至21日（周日）放假，共3天。
    ("2026-06-19", "2026-06-21", "端午节"),
    // 中秋节：9月25日（周五）至27日（周日）放假，共3天。
    ("2026-09-25", "2026-09-27", "中秋节"),
    // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
    ("2026-10-01", "2026-10-07", "国庆节"),
];

/// The same notice's 上班 days: 1月4日（周日）; 2月14日（周六）、2月28日（周六）;
/// 5月9日（周六）; 9月20日（周日）、10月10日（周六）.
const WORKDAYS_2026: [(&str, &str); 6] = [
    ("2026-01-04", "元旦调休"),
    ("2026-02-14", "春节调休"),
    ("2026-02-28", "春节调休"),
    ("2026-05-09", "劳动节调休"),
    ("2026-09-20", "国庆节调休"),
    ("2026-10-10", "国庆节调休"),
];

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a valid seed date")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("work_calendar"))
                .col(col("day").date().not_null().primary_key())
                .col(col("kind").string().not_null())
                .col(col("note").string().not_null().default(""))
                .col(col("updated_at").big_integer().not_null())
                .col(col("user_id").big_integer().null())
                .to_owned(),
        )
        .await?;

        // One row (id 1): the working hours of every working day, as HH:MM.
        m.create_table(
            Table::create()
                .table(t("work_hours"))
                .col(col("id").integer().not_null().primary_key())
                .col(col("day_start").string().not_null())
                .col(col("day_end").string().not_null())
                .col(col("updated_at").big_integer().not_null())
                .col(col("user_id").big_integer().null())
                .to_owned(),
        )
        .await?;

        let now = chrono::Utc::now().timestamp_millis();
        m.exec_stmt(
            Query::insert()
                .into_table(t("work_hours"))
                .columns([t("id"), t("day_start"), t("day_end"), t("updated_at")])
                .values_panic([1.into(), "09:00".into(), "17:00".into(), now.into()])
                .to_owned(),
        )
        .await?;

        let mut ins = Query::insert();
        ins.into_table(t("work_calendar")).columns([
            t("day"),
            t("kind"),
            t("note"),
            t("updated_at"),
        ]);
        for (first, last, note) in HOLIDAYS_2026 {
            let mut d = date(first);
            while d <= date(last) {
                ins.values_panic([d.into(), "holiday".into(), note.into(), now.into()]);
                d = d.succ_opt().expect("inside 2026");
            }
        }
        for (day, note) in WORKDAYS_2026 {
            ins.values_panic([date(day).into(), "workday".into(), note.into(), now.into()]);
        }
        m.exec_stmt(ins).await?;

        // The built-in roles are brought up to the code's list at start-up (`role::sync_builtin`).
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["work_hours", "work_calendar"] {
            m.drop_table(Table::drop().table(t(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}
