-- The referrals linked to each episode by forloeb_id, earliest first (ties: the lowest id).
-- Rank 1 is the episode's origin: where the citizen came from.

with

referrals as (
    select * from {{ ref('stg_henvendelser') }}
),

sources as (
    select * from {{ ref('referral_sources') }}
),

ranked as (
    select
        referrals.episode_id,
        referrals.referral_id,
        referrals.referral_date,
        coalesce(sources.code, 'ukendt') as referral_source,
        row_number() over (
            partition by referrals.episode_id
            order by referrals.referral_date asc, {{ id_order('referrals.referral_id') }} asc
        ) as rank_for_episode
    from referrals
    left join sources
        on referrals.referral_source = sources.code
    where referrals.episode_id is not null
),

final as (
    select * from ranked
)

select * from final
