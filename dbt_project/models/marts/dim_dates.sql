-- One row per calendar day from 1998 (the year SKP became law) to 2040.

with

days as (
    {{ dbt.date_spine('day', "cast('1998-01-01' as date)", "cast('2041-01-01' as date)") }}
),

final as (
    select
        cast(date_day as date) as date_day,
        extract(year from date_day) as calendar_year,
        extract(quarter from date_day) as calendar_quarter,
        extract(month from date_day) as calendar_month,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        extract(isodow from date_day) as iso_weekday,
        extract(isodow from date_day) >= 6 as is_weekend
    from days
)

select * from final
