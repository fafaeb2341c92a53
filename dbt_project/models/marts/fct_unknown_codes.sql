-- One row per entity, column and value outside its code list (the value masked where it looks
-- like a CPR number), over every load: how many rows had it, in how many loads.

with

unknown_codes as (
    select * from {{ ref('stg_unknown_codes') }}
),

masked as (
    select
        load_id,
        entity,
        column_name,
        {{ mask_cpr('unknown_value') }} as unknown_value,
        row_count
    from unknown_codes
),

final as (
    select
        entity,
        column_name,
        unknown_value,
        cast(sum(row_count) as bigint) as row_count,
        count(distinct load_id) as load_count
    from masked
    group by entity, column_name, unknown_value
)

select * from final
