-- One row per episode, with where it came from (its origin referral) and its length.

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

origin_referrals as (
    select * from {{ ref('int_referrals_ranked_per_episode') }}
    where rank_for_episode = 1
),

end_reasons as (
    select * from {{ ref('episode_end_reasons') }}
),

final as (
    select
        episodes.episode_id,
        episodes.citizen_id,
        episodes.start_date,
        episodes.end_date,
        episodes.end_date is null as is_ongoing,
        case
            when episodes.end_date is not null then coalesce(end_reasons.code, 'ukendt')
        end as end_reason,
        -- the quality standard's bridging: handed over to other services
        coalesce(end_reasons.code = 'brobygget', false) as is_bridged,
        {{ dbt.datediff('episodes.start_date', 'episodes.end_date', 'day') }} as length_days,  -- noqa: LT05
        episodes.support_workers,
        coalesce(episodes.goals, []) as goals,
        coalesce(episodes.is_anonymous, false) as is_anonymous,
        origin_referrals.referral_id as origin_referral_id,
        coalesce(origin_referrals.referral_source, 'ukendt') as origin_referral_source
    from episodes
    left join origin_referrals
        on episodes.episode_id = origin_referrals.episode_id
    left join end_reasons
        on episodes.end_reason = end_reasons.code
)

select * from final
