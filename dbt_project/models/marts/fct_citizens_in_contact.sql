-- The calendar years' rows of fct_citizens_in_period, built once: what a year's figures count.

with

citizen_periods as (
    select * from {{ ref('fct_citizens_in_period') }}
),

final as (
    select * from citizen_periods
    where is_calendar_year
)

-- the columns are those of fct_citizens_in_period
select * from final  -- noqa: AM04
