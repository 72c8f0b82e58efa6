//! Index options kept by the model (renames reach them, derived
//! downgrades recreate them), and `drop_constraint` without a name.

use super::*;

#[test]
fn options_survive_a_rename_and_a_derived_downgrade() {
    let mut s = base();
    apply_all(
        &mut s,
        "
- create_index: {name: ix_opts, table: posts, using: gin, include: [user_id], columns: [{name: title, desc: true, opclass: public.trgm_ops}]}
- alter_column: {table: posts, column: user_id, new_name: author_id}
- alter_column: {table: posts, column: title, new_name: heading}
",
    )
    .unwrap();
    let t = s.table(&qn("posts")).unwrap();
    let ix = &t.indexes[&id("ix_opts")];
    assert_eq!(ix.include(), [id("author_id")]);
    assert_eq!(ix.columns[0].to_string(), "heading public.trgm_ops DESC");
    let drop = &ops("- drop_index: {name: ix_opts}")[0];
    let back = inverse(drop, &s, &s).unwrap();
    assert_eq!(back.len(), 1);
    let Op::CreateIndex(again) = &back[0] else {
        panic!("{back:?}")
    };
    assert_eq!(**again, *ix);
}

#[test]
fn an_included_column_must_exist_and_blocks_its_drop() {
    let mut s = base();
    let e = err(
        &mut s,
        "- create_index: {name: ix_i, table: posts, columns: [title], include: [nope]}",
    );
    assert_eq!(e.to_string(), "table `posts` has no column `nope`");
    apply_all(
        &mut s,
        "- create_index: {name: ix_i, table: posts, columns: [title], include: [user_id]}",
    )
    .unwrap();
    assert!(
        err(&mut s, "- drop_column: {table: posts, column: user_id}")
            .to_string()
            .contains("ix_i")
    );
}

#[test]
fn a_prefix_index_backs_no_foreign_key_and_makes_no_key() {
    let mut s = base();
    apply_all(
        &mut s,
        "- create_index: {name: ux_p, table: users, unique: true, columns: [{name: email, length: 8}]}",
    )
    .unwrap();
    let t = s.table(&qn("users")).unwrap();
    assert!(!t
        .unique_column_sets()
        .iter()
        .any(|set| set == &vec![&id("email")]));
}

#[test]
fn drop_constraint_finds_the_name_by_type_columns_and_reference() {
    let mut s = base();
    apply_all(
        &mut s,
        "- create_unique_constraint: {name: uq_posts_title_user, table: posts, columns: [title, user_id]}",
    )
    .unwrap();
    let name = |yaml: &str| match &ops(yaml)[0] {
        Op::DropConstraint(o) => s.drop_constraint_name(o).map(|n| n.to_string()),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        name("- drop_constraint: {table: posts, type: foreign_key, columns: [user_id], references: {table: users}}"),
        Ok("posts_user_id_fkey".to_owned())
    );
    assert_eq!(
        name("- drop_constraint: {table: posts, type: unique, columns: [user_id, title]}"),
        Ok("uq_posts_title_user".to_owned())
    );
    assert_eq!(
        name("- drop_constraint: {table: posts, type: primary_key}"),
        Ok("posts_pkey".to_owned())
    );
    let e = name("- drop_constraint: {table: posts, type: unique, columns: [title]}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "table `posts` has no unique constraint on (title)"
    );
    assert!(e
        .help()
        .unwrap()
        .contains("`uq_posts_title_user` (title, user_id)"));
    let e =
        name("- drop_constraint: {table: posts, type: foreign_key, references: {table: posts}}")
            .unwrap_err();
    assert!(e.help().unwrap().contains("-> `users`"), "{:?}", e.help());
    // Applying it drops that constraint.
    apply_all(
        &mut s,
        "- drop_constraint: {table: posts, type: foreign_key, columns: [user_id]}",
    )
    .unwrap();
    assert!(s.table(&qn("posts")).unwrap().def.foreign_keys.is_empty());
}
