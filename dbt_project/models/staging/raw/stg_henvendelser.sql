with

source as (
    select * from {{ source('raw', 'henvendelser') }}
),

renamed as (
    select
        henvendelse_id as referral_id,
        dato as referral_date,
        borger_id as citizen_id,
        kilde as referral_source,
        udfald as outcome,
        forloeb_id as episode_id,
        _source as source_file,
        _line as source_line
    from source
)

select * from renamed
