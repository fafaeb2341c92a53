-- Per period and citizen in contact in it (an episode of theirs overlaps it: startdato on or
-- before its end, slutdato blank or on or after its start): the episode that stands for the
-- citizen (kpis.md: the latest start, on a tie the highest forloeb_id; the best ranked of
-- those overlapping, int_episodes_ranked_per_citizen), its duration bucket (kpis.md, "Episode
-- duration") and where the citizen came from (the episode's origin referral's source). The
-- citizen's housing registrations and months come along for the rules after this one.

with

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

histories as (
    select * from {{ ref('int_histories_listed_per_citizen') }}
),

paired as (
    select
        periods.period_year,
        periods.period_start,
        periods.period_end,
        periods.is_calendar_year,
        histories.citizen_id,
        histories.episodes,
        histories.registrations,
        histories.months
    from histories
    cross join periods
),

-- the episodes are listed best ranked first (int_histories_listed_per_citizen): the first
-- of those overlapping the period is the best ranked of them (a list's first is [1])
chosen as (
    select
        paired.*,
        list_filter(
            paired.episodes,
            lambda episode: {{ overlaps_period(
                'episode.start_date', 'episode.end_date',
                'paired.period_start', 'paired.period_end'
            ) }}
        )[1] as episode
    from paired
),

stopped as (
    select
        chosen.period_year,
        chosen.period_start,
        chosen.period_end,
        chosen.is_calendar_year,
        chosen.citizen_id,
        chosen.registrations,
        chosen.months,
        chosen.episode.episode_id as chosen_episode_id,
        chosen.episode.start_date,
        chosen.episode.end_reason,
        chosen.episode.origin_referral_source as referral_source,
        -- where the episode stands at the period's end
        case
            when chosen.episode.end_date <= chosen.period_end then chosen.episode.end_date
            else chosen.period_end
        end as stop_date
    from chosen
    where chosen.episode is not null
),

final as (
    select
        period_year,
        period_start,
        period_end,
        is_calendar_year,
        citizen_id,
        chosen_episode_id,
        case
            when end_reason = 'afvist_ved_foerste_kontakt' then 'afvist'
            when stop_date <= cast({{ dbt.dateadd('month', 3, 'start_date') }} as date) then '0-3'
            when stop_date <= cast({{ dbt.dateadd('month', 6, 'start_date') }} as date) then '3-6'
            else 'over 6'
        end as duration_bucket,
        referral_source,
        registrations,
        months
    from stopped
)

select * from final
