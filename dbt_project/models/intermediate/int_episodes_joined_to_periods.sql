-- Every episode in every period it overlaps, with the period's duration bucket and whether it
-- is the episode that stands for its citizen in that period (kpis.md, "Episode duration").

with

-- ranked once per citizen: the lowest rank overlapping a period stands for the citizen
episodes as (
    select * from {{ ref('int_episodes_ranked_per_citizen') }}
),

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

overlapping as (
    select
        periods.period_start,
        periods.period_end,
        episodes.episode_id,
        episodes.citizen_id,
        episodes.start_date,
        episodes.end_date,
        episodes.end_reason,
        episodes.rank_in_citizen,
        -- where the episode stands at the period's end
        case
            when episodes.end_date <= periods.period_end then episodes.end_date
            else periods.period_end
        end as stop_date
    from episodes
    inner join periods
        on
            episodes.start_date <= periods.period_end
            and (episodes.end_date is null or episodes.end_date >= periods.period_start)
),

ranked as (
    select
        *,
        row_number() over (
            partition by period_start, period_end, citizen_id
            order by rank_in_citizen
        ) as rank_in_period
    from overlapping
),

final as (
    select
        period_start,
        period_end,
        episode_id,
        citizen_id,
        start_date,
        end_date,
        end_reason,
        stop_date,
        rank_in_period = 1 as is_chosen,
        case
            when end_reason = 'afvist_ved_foerste_kontakt' then 'afvist'
            when stop_date <= cast({{ dbt.dateadd('month', 3, 'start_date') }} as date) then '0-3'
            when stop_date <= cast({{ dbt.dateadd('month', 6, 'start_date') }} as date) then '3-6'
            else 'over 6'
        end as duration_bucket
    from ranked
)

select * from final
