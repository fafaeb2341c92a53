-- The calendar years' rows of fct_episodes_in_period, built once: the episodes a year's
-- episode figures (active episodes, goals) count.

with

episode_periods as (
    select * from {{ ref('fct_episodes_in_period') }}
),

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

final as (
    select episode_periods.*
    from episode_periods
    inner join periods
        on
            episode_periods.period_start = periods.period_start
            and episode_periods.period_end = periods.period_end
    where periods.is_calendar_year
)

-- the columns are those of fct_episodes_in_period
select * from final  -- noqa: AM04
