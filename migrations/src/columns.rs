//! Column and table helpers shared by the migrations: portable types only.

use sea_orm_migration::prelude::*;

pub fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().not_null().primary_key().to_owned()
}
pub fn uuid(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().not_null().to_owned()
}
pub fn uuid_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().null().to_owned()
}
pub fn string(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string().not_null().to_owned()
}
pub fn string_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string().null().to_owned()
}
pub fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}
pub fn text_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}
pub fn int(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().to_owned()
}
pub fn int_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().null().to_owned()
}
pub fn boolean(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).boolean().not_null().to_owned()
}
pub fn double_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).double().null().to_owned()
}
pub fn json(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).json().not_null().to_owned()
}
pub fn time(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}
pub fn time_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().to_owned()
}

pub fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

pub fn index(name: &str, table: impl IntoIden, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

pub fn date_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).date().null().to_owned()
}

/// A link table between an owner (organisation or offering) and a taxonomy entry.
pub fn link_table(
    table: impl IntoIden + Copy,
    owner_col: impl IntoIden + Copy,
    owner: impl IntoIden + Copy,
    item_col: impl IntoIden + Copy,
    item: impl IntoIden + Copy,
    item_key: impl IntoIden + Copy,
    item_is_text: bool,
) -> TableCreateStatement {
    let item_def = if item_is_text { string(item_col) } else { uuid(item_col) };
    Table::create()
        .table(table)
        .col(uuid(owner_col))
        .col(item_def)
        .primary_key(Index::create().col(owner_col).col(item_col))
        .foreign_key(&mut fk((table, owner_col), (owner, Alias::new("id")), ForeignKeyAction::Cascade))
        .foreign_key(&mut fk((table, item_col), (item, item_key), ForeignKeyAction::Cascade))
        .to_owned()
}
