-- One row per housing situation, with whether it is a homeless situation (the national
-- homelessness count's definitions).

with

situations as (
    select * from {{ ref('housing_situations') }}
),

final as (
    select
        code as housing_situation,
        label_da,
        label_en,
        is_homeless,
        sort_order
    from situations
)

select * from final
