with

source as (
    select * from {{ source('raw', 'forloeb') }}
),

renamed as (
    select
        forloeb_id as episode_id,
        borger_id as citizen_id,
        startdato as start_date,
        slutdato as end_date,
        slutaarsag as end_reason,
        antal_skp as support_workers,
        maal as goals,
        anonym as is_anonymous,
        _source as source_file,
        _line as source_line
    from source
)

select * from renamed
