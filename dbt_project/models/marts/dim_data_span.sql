-- One row: the first and last day the data speaks of (how fresh it is, and how far a
-- period's figures reach).

with

span as (
    select * from {{ ref('int_data_span_measured') }}
),

final as (
    select
        first_day,
        last_day
    from span
)

select * from final
