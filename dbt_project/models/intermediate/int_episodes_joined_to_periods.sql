-- Every episode in every period it overlaps (kpis.md: startdato on or before the period's end,
-- slutdato blank or on or after its start): the episodes a period's episode figures count
-- (active episodes, their goals). Which one stands for its citizen is
-- int_episodes_chosen_per_period's.

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

final as (
    select
        periods.period_start,
        periods.period_end,
        episodes.episode_id,
        episodes.citizen_id
    from episodes
    inner join periods
        on {{ overlaps_period(
            'episodes.start_date', 'episodes.end_date', 'periods.period_start', 'periods.period_end'
        ) }}
)

select * from final
