-- The periods figures are computed for: every calendar year the data spans, and the period a
-- reader asks for (see macros/requested_period.sql), each with the period it is compared with.
-- The change (README, Comparing periods; it replaces the rule of kpis.md): a calendar year is
-- compared with the year before, a half-year with the half-year before, a quarter with the
-- quarter before, any other period with as many days ending the day before it starts. A
-- period that reaches past the last day of the data is compared with the same part of the
-- previous one; a period, or a previous period, that starts before the first day of the data
-- cannot be compared (its previous_start and previous_end are null).

with

bounds as (
    select * from {{ ref('int_data_span_measured') }}
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

with_kind as (
    select
        period_start,
        period_end,
        {{ period_months('period_start', 'period_end') }} as period_months,
        period_end - period_start + 1 as period_days
    from (
        select * from calendar_years
        union
        select * from requested
    ) as periods
),

compared as (
    select
        with_kind.period_start,
        with_kind.period_end,
        coalesce(with_kind.period_months = 12, false) as is_calendar_year,
        {{ period_kind('with_kind.period_months') }} as period_kind,
        bounds.first_day as data_first_day,
        bounds.last_day as data_last_day,
        -- the data has nothing after its last day: up to there, the period is compared
        least(with_kind.period_end, bounds.last_day) as compared_end,
        case
            when with_kind.period_months is not null
                then cast(
                    with_kind.period_start - to_months(with_kind.period_months) as date
                )
            else cast(with_kind.period_start - to_days(with_kind.period_days) as date)
        end as full_previous_start,
        case
            when with_kind.period_end <= bounds.last_day
                then cast(with_kind.period_start - to_days(1) as date)
            when with_kind.period_months is not null
                then cast(bounds.last_day - to_months(with_kind.period_months) as date)
            else cast(bounds.last_day - to_days(with_kind.period_days) as date)
        end as full_previous_end
    from with_kind
    cross join bounds
),

comparable as (
    select
        period_start,
        period_end,
        is_calendar_year,
        period_kind,
        data_first_day,
        data_last_day,
        compared_end,
        case
            when
                period_start >= data_first_day
                and full_previous_start >= data_first_day
                and period_start <= data_last_day
                then full_previous_start
        end as previous_start,
        case
            when
                period_start >= data_first_day
                and full_previous_start >= data_first_day
                and period_start <= data_last_day
                then full_previous_end
        end as previous_end
    from compared
),

-- each period's comparison period is computed too, so its change can be shown
all_periods as (
    select
        period_start,
        period_end
    from comparable
    union
    select
        previous_start,
        previous_end
    from comparable
    where previous_start is not null
),

-- a reader who asks for a period (the variables are set) reads that period and the one it is
-- compared with, never the calendar years again: built once, they are tables
-- (fct_citizens_in_contact), and computing them at every query cost most of its time
asked as (
    select
        period_start,
        period_end
    from comparable
    where
        period_start = {{ requested_period_start() }}
        and period_end = {{ requested_period_end() }}
    union
    select
        previous_start,
        previous_end
    from comparable
    where
        period_start = {{ requested_period_start() }}
        and period_end = {{ requested_period_end() }}
        and previous_start is not null
),

final as (
    select
        all_periods.period_start,
        all_periods.period_end,
        comparable.previous_start,
        comparable.previous_end,
        -- a period compared with, where it is a row of its own, has no comparison of its own
        comparable.compared_end,
        bounds.first_day as data_first_day,
        bounds.last_day as data_last_day,
        {{ period_kind(period_months('all_periods.period_start', 'all_periods.period_end')) }}
            as period_kind,
        coalesce(comparable.is_calendar_year, false) as is_calendar_year,
        extract(year from all_periods.period_end) as period_year
    from all_periods
    cross join bounds
    left join comparable
        on
            all_periods.period_start = comparable.period_start
            and all_periods.period_end = comparable.period_end
    where
        {{ requested_period_start() }} is null
        or exists (
            select 1
            from asked
            where
                asked.period_start = all_periods.period_start
                and asked.period_end = all_periods.period_end
        )
)

select * from final
