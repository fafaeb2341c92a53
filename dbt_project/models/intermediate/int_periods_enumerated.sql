-- The calendar years the data spans, each with the previous year (the period it is compared to).

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

contacts as (
    select * from {{ ref('stg_kontakter') }}
),

referrals as (
    select * from {{ ref('stg_henvendelser') }}
),

data_dates as (
    select start_date as data_date from episodes
    union all
    select end_date from episodes
    union all
    select contact_date from contacts
    union all
    select referral_date from referrals
),

bounds as (
    select
        min(data_date) as first_day,
        max(data_date) as last_day
    from data_dates
),

years as (
    {{ dbt.date_spine('year', "cast('1998-01-01' as date)", "cast('2041-01-01' as date)") }}
),

final as (
    select
        cast(years.date_year as date) as period_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'years.date_year')) }} as date)
            as period_end,
        cast({{ dbt.dateadd('year', -1, 'years.date_year') }} as date) as previous_start,
        cast({{ dbt.dateadd('day', -1, 'years.date_year') }} as date) as previous_end,
        extract(year from years.date_year) as period_year
    from years
    inner join bounds
        on
            years.date_year <= bounds.last_day
            and {{ dbt.dateadd('year', 1, 'years.date_year') }} > bounds.first_day
)

select * from final
