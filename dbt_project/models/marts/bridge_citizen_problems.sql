-- One row per citizen and problem of borgere.problemer (misbrug, psykisk, hjemloeshed, ...).

with

citizens as (
    select * from {{ ref('stg_borgere') }}
),

problems as (
    select * from {{ ref('problems') }}
),

citizen_problems as (
    select distinct
        citizen_id,
        unnest(problems) as problem
    from citizens
),

final as (
    select distinct
        citizen_problems.citizen_id,
        coalesce(problems.code, 'ukendt') as problem
    from citizen_problems
    left join problems
        on citizen_problems.problem = problems.code
)

select * from final
