//! The complaint taxonomy: categories (goods and services, with major
//! categories and specific items) and natures (what went wrong), after the
//! China Consumers Association's statistics tables.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    Code,
    ParentCode,
    Kind,
    NameZh,
    NameEn,
    Position,
}

#[derive(DeriveIden)]
enum Natures {
    Table,
    Code,
    NameZh,
    NameEn,
    Position,
}

/// (code, parent code, Chinese name, English name). The kind (goods,
/// services, other) is the first segment of the code.
const CATEGORIES: &[(&str, &str, &str, &str)] = &[
    ("goods", "", "商品类", "Goods"),
    ("services", "", "服务类", "Services"),
    ("other", "", "其他类", "Other"),
    ("goods.daily", "goods", "日用商品类", "Daily goods"),
    (
        "goods.appliances",
        "goods",
        "家用电子电器类",
        "Household electronics and appliances",
    ),
    (
        "goods.clothing",
        "goods",
        "服装鞋帽类",
        "Clothing, shoes and hats",
    ),
    ("goods.food", "goods", "食品类", "Food"),
    ("goods.vehicles", "goods", "交通工具类", "Vehicles"),
    (
        "goods.housing",
        "goods",
        "房屋及建材类",
        "Housing and building materials",
    ),
    (
        "goods.jewellery",
        "goods",
        "首饰及文体用品类",
        "Jewellery, stationery and sports goods",
    ),
    (
        "goods.drinks",
        "goods",
        "烟、酒和饮料类",
        "Tobacco, alcohol and drinks",
    ),
    (
        "goods.medical",
        "goods",
        "医药及医疗用品类",
        "Medicines and medical supplies",
    ),
    (
        "goods.farming",
        "goods",
        "农用生产资料类",
        "Farming supplies",
    ),
    (
        "services.living",
        "services",
        "生活、社会服务类",
        "Living and social services",
    ),
    (
        "services.internet",
        "services",
        "互联网服务类",
        "Internet services",
    ),
    (
        "services.education",
        "services",
        "教育培训服务类",
        "Education and training",
    ),
    (
        "services.culture",
        "services",
        "文化、娱乐、体育服务类",
        "Culture, entertainment and sports",
    ),
    ("services.sales", "services", "销售服务类", "Sales services"),
    (
        "services.home",
        "services",
        "房屋装修及物业服务类",
        "Home renovation and property management",
    ),
    (
        "services.telecom",
        "services",
        "电信服务类",
        "Telecommunications",
    ),
    ("services.insurance", "services", "保险服务类", "Insurance"),
    (
        "services.postal",
        "services",
        "邮政业服务类",
        "Postal and courier services",
    ),
    ("services.travel", "services", "旅游服务类", "Travel"),
    (
        "services.finance",
        "services",
        "金融服务类",
        "Financial services",
    ),
    (
        "services.utilities",
        "services",
        "公共设施服务类",
        "Public utilities",
    ),
    (
        "services.health",
        "services",
        "卫生保健服务类",
        "Health care",
    ),
    ("goods.food.food", "goods.food", "食品", "Food products"),
    (
        "goods.clothing.clothes",
        "goods.clothing",
        "服装",
        "Clothes",
    ),
    ("goods.clothing.shoes", "goods.clothing", "鞋", "Shoes"),
    (
        "goods.vehicles.cars",
        "goods.vehicles",
        "汽车及零部件",
        "Cars and parts",
    ),
    (
        "goods.appliances.phones",
        "goods.appliances",
        "通讯类产品",
        "Phones and communication devices",
    ),
    (
        "goods.appliances.computers",
        "goods.appliances",
        "计算机类产品",
        "Computers",
    ),
    (
        "goods.daily.sundries",
        "goods.daily",
        "日用杂品",
        "Household sundries",
    ),
    (
        "goods.daily.cosmetics",
        "goods.daily",
        "化妆品",
        "Cosmetics",
    ),
    (
        "services.internet.commercial",
        "services.internet",
        "经营性互联网服务",
        "Commercial internet services",
    ),
    (
        "services.living.catering",
        "services.living",
        "餐饮服务",
        "Catering",
    ),
    (
        "services.living.lodging",
        "services.living",
        "住宿服务",
        "Lodging",
    ),
    (
        "services.living.beauty",
        "services.living",
        "美容美发",
        "Beauty and hairdressing",
    ),
    (
        "services.education.training",
        "services.education",
        "培训服务",
        "Training courses",
    ),
    (
        "services.sales.remote",
        "services.sales",
        "远程购物",
        "Remote shopping",
    ),
    (
        "services.telecom.mobile",
        "services.telecom",
        "移动电话服务",
        "Mobile phone services",
    ),
];

/// (code, Chinese name, English name), in the order of the CCA's table.
const NATURES: &[(&str, &str, &str)] = &[
    ("after_sales", "售后服务问题", "After-sales service"),
    ("contract", "合同问题", "Contract"),
    ("quality", "质量问题", "Quality"),
    ("price", "价格问题", "Price"),
    ("false_advertising", "虚假宣传问题", "False advertising"),
    ("safety", "安全问题", "Safety"),
    ("counterfeit", "假冒问题", "Counterfeit"),
    ("dignity", "人格尊严问题", "Personal dignity"),
    ("measurement", "计量问题", "Measurement"),
    (
        "personal_information",
        "个人信息问题",
        "Personal information",
    ),
    ("other", "其他问题", "Other"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(categories_table()).await?;
        manager.create_table(natures_table()).await?;

        let mut categories = Query::insert();
        categories.into_table(Categories::Table).columns([
            Categories::Code,
            Categories::ParentCode,
            Categories::Kind,
            Categories::NameZh,
            Categories::NameEn,
            Categories::Position,
        ]);
        for (position, (code, parent, zh, en)) in CATEGORIES.iter().enumerate() {
            let kind = code.split('.').next().unwrap_or(code);
            let parent = (!parent.is_empty()).then_some(*parent);
            categories.values_panic([
                (*code).into(),
                parent.into(),
                kind.into(),
                (*zh).into(),
                (*en).into(),
                (position as i32).into(),
            ]);
        }
        manager.exec_stmt(categories).await?;

        let mut natures = Query::insert();
        natures.into_table(Natures::Table).columns([
            Natures::Code,
            Natures::NameZh,
            Natures::NameEn,
            Natures::Position,
        ]);
        for (position, (code, zh, en)) in NATURES.iter().enumerate() {
            natures.values_panic([
                (*code).into(),
                (*zh).into(),
                (*en).into(),
                (position as i32).into(),
            ]);
        }
        manager.exec_stmt(natures).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Natures::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Categories::Table).to_owned())
            .await
    }
}

fn categories_table() -> TableCreateStatement {
    Table::create()
        .table(Categories::Table)
        .col(string_len(Categories::Code, 64).primary_key())
        .col(string_len_null(Categories::ParentCode, 64))
        .col(string_len(Categories::Kind, 16))
        .col(string_len(Categories::NameZh, 50))
        .col(string_len(Categories::NameEn, 80))
        .col(integer(Categories::Position))
        .to_owned()
}

fn natures_table() -> TableCreateStatement {
    Table::create()
        .table(Natures::Table)
        .col(string_len(Natures::Code, 32).primary_key())
        .col(string_len(Natures::NameZh, 50))
        .col(string_len(Natures::NameEn, 80))
        .col(integer(Natures::Position))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_hangs_below_an_earlier_one_of_its_kind() {
        for (index, (code, parent, _, _)) in CATEGORIES.iter().enumerate() {
            if parent.is_empty() {
                assert!(!code.contains('.'), "{code} is top-level");
                continue;
            }
            let parent_index = CATEGORIES.iter().position(|(c, ..)| c == parent);
            assert!(
                parent_index.is_some_and(|p| p < index),
                "{code} needs {parent} first"
            );
            assert!(
                code.starts_with(&format!("{parent}.")),
                "{code} is named below {parent}"
            );
        }
    }
}
