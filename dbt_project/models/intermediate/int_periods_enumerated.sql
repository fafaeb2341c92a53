-- The periods figures are computed for: every calendar year the data spans, and the period a
-- reader asks for (see macros/requested_period.sql) with the period it is compared with.
-- Change (kpis.md): a calendar year is compared with the year before; any other period with
-- the same number of days ending the day before it starts.

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

calendar_years as (
    select
        cast(years.date_year as date) as period_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'years.date_year')) }} as date)
            as period_end
    from years
    inner join bounds
        on
            years.date_year <= bounds.last_day
            and {{ dbt.dateadd('year', 1, 'years.date_year') }} > bounds.first_day
),

requested as (
    select
        {{ requested_period_start() }} as period_start,
        {{ requested_period_end() }} as period_end
    where {{ requested_period_start() }} is not null
),

with_comparison as (
    select
        period_start,
        period_end,
        extract(month from period_start) = 1
        and extract(day from period_start) = 1
        and period_end
        = cast({{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, 'period_start')) }} as date)
            as is_calendar_year
    from (
        select * from calendar_years
        union
        select * from requested
    ) as periods
),

compared as (
    select
        period_start,
        period_end,
        is_calendar_year,
        case
            when is_calendar_year
                then cast({{ dbt.dateadd('year', -1, 'period_start') }} as date)
            else cast({{ dbt.dateadd(
                'day',
                '-1 - ' ~ dbt.datediff('period_start', 'period_end', 'day'),
                'period_start',
            ) }} as date)
        end as previous_start,
        cast({{ dbt.dateadd('day', -1, 'period_start') }} as date) as previous_end
    from with_comparison
),

-- the requested period's comparison period is computed too, so its change can be shown
all_periods as (
    select
        period_start,
        period_end
    from compared
    union
    select
        previous_start,
        previous_end
    from compared
    where not is_calendar_year
),

final as (
    select
        all_periods.period_start,
        all_periods.period_end,
        compared.previous_start,
        compared.previous_end,
        coalesce(compared.is_calendar_year, false) as is_calendar_year,
        extract(year from all_periods.period_end) as period_year
    from all_periods
    left join compared
        on
            all_periods.period_start = compared.period_start
            and all_periods.period_end = compared.period_end
)

select * from final
