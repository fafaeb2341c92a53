-- One row per episode and goal: an episode with two goals counts once under each (kpis.md).

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

goals as (
    select * from {{ ref('goals') }}
),

episode_goals as (
    select distinct
        episode_id,
        unnest(goals) as goal
    from episodes
),

final as (
    select distinct
        episode_goals.episode_id,
        coalesce(goals.code, 'ukendt') as goal
    from episode_goals
    left join goals
        on episode_goals.goal = goals.code
)

select * from final
