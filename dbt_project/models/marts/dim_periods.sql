-- One row per period figures are computed for, with the period its change is counted against
-- and how far the data reaches (README, "Comparing periods"). Every change the report, the
-- dashboard and the PDF show is counted against previous_start..previous_end from here.
-- A view: the period a reader asks for (macros/requested_period.sql) is computed when queried.

{{ config(materialized='view') }}

with

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

final as (
    select
        period_start,
        period_end,
        period_kind,
        is_calendar_year,
        data_first_day,
        data_last_day,
        compared_end,
        previous_start,
        previous_end,
        previous_start is not null as is_comparable
    from periods
)

select * from final
